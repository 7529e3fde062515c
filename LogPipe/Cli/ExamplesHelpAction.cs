using System.CommandLine;
using System.CommandLine.Invocation;

namespace LogPipe.Cli;

/// <summary>
/// <c>--help</c> as System.CommandLine writes it, then a subcommand's examples after its options. The command's own
/// description stays short, because <c>logpipe --help</c> lists each subcommand with its whole description.
/// </summary>
internal sealed class ExamplesHelpAction : SynchronousCommandLineAction
{
    private readonly SynchronousCommandLineAction _help;
    private readonly Dictionary<Command, string> _examples = [];

    public ExamplesHelpAction(SynchronousCommandLineAction help)
    {
        ArgumentNullException.ThrowIfNull(help);
        _help = help;
    }

    public override bool ClearsParseErrors => _help.ClearsParseErrors;

    public void Add(Command command, string examples) => _examples[command] = examples;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var status = _help.Invoke(parseResult);
        if (_examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            parseResult.InvocationConfiguration.Output.WriteLine(examples);
        }

        return status;
    }
}
