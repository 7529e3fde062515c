using LogPipe.Cli;

namespace LogPipe.Tests.Cli;

public sealed class LaunchEnvironmentUnitTests
{
    [Fact]
    public void Every_variable_is_read_once_from_the_environment()
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGPIPE_REDIS"] = "10.0.0.5:6379,password=p",
            ["LOGPIPE_LOG_FD"] = "7",
            ["LOGPIPE_SUPERVISOR_PID"] = "4242",
            ["LOGPIPE_DRAINING"] = "1",
            ["LOGPIPE_INPUT_SIGNAL_FD"] = "9",
        };

        var environment = LaunchEnvironment.Read(name => variables.GetValueOrDefault(name));

        Assert.Equal("10.0.0.5:6379,password=p", environment.Redis);
        Assert.Equal("10.0.0.5:6379,password=p", environment.Variable("LOGPIPE_REDIS"));
        Assert.Equal("7", environment.LogFileDescriptor);
        Assert.Equal(4242, environment.SupervisorPid);
        Assert.True(environment.Draining);
        Assert.Equal("9", environment.InputSignal);
    }

    [Fact]
    public void Unset_empty_or_malformed_variables_are_absent()
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGPIPE_REDIS"] = string.Empty,
            ["LOGPIPE_SUPERVISOR_PID"] = "-1",
            ["LOGPIPE_DRAINING"] = "yes",
            ["LOGPIPE_INPUT_SIGNAL_FD"] = string.Empty,
        };

        var environment = LaunchEnvironment.Read(name => variables.GetValueOrDefault(name));

        Assert.Null(environment.Redis);
        Assert.Null(environment.LogFileDescriptor);
        Assert.Null(environment.SupervisorPid);
        Assert.False(environment.Draining);
        Assert.Null(environment.InputSignal);
    }
}
