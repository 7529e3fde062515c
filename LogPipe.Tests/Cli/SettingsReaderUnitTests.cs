using System.Net;
using System.Net.Sockets;
using LogPipe.Cli;
using Serilog.Events;

namespace LogPipe.Tests.Cli;

public sealed class SettingsReaderUnitTests
{
    public static TheoryData<string, string[]> BadValues => new()
    {
        { "--ttl", ["--ttl", "soon"] },
        { "--ttl", ["--ttl", "0"] },
        { "--ttl", ["--ttl", "500ms"] },
        { "--flush-interval", ["--flush-interval", "1ms"] },
        { "--shutdown-timeout", ["--shutdown-timeout", "later"] },
        { "--drain-timeout", ["--drain-timeout", "-1"] },
        { "--key-template", ["--key-template", "hits:{date}"] },
        { "--key-template", ["--key-template", "hits:{host}:{path}"] },
        { "--format", ["--format", "apache"] },
        { "--format", ["--format", "%h %t %>s"] },
        { "--methods", ["--methods", ","] },
        { "--methods", ["--methods", "GE T"] },
        { "--methods", ["--methods", "GET,HE/AD"] },
        { "--methods", ["--methods", "get"] },
        { "--methods", ["--methods", "GET,Head"] },
        { "--statuses", ["--statuses", "2xx"] },
        { "--statuses", ["--statuses", "299-200"] },
        { "--statuses", ["--statuses", "600"] },
        { "--statuses", ["--statuses", ","] },
        { "--asset-extensions", ["--asset-extensions", "css,j$s"] },
        { "--asset-extensions", ["--asset-extensions", "toolongext"] },
        { "--asset-extensions", ["--asset-extensions", "c/s"] },
        { "--max-pages-per-day", ["--max-pages-per-day", "0"] },
        { "--max-pages-per-day", ["--max-pages-per-day", "lots"] },
        { "--max-path-length", ["--max-path-length", "0"] },
        { "--max-path-length", ["--max-path-length", "65537"] },
        { "--max-line-length", ["--max-line-length", "10"] },
        { "--max-line-length", ["--max-line-length", "abc"] },
        { "--max-line-length", ["--max-line-length", "17m"] },
        { "--max-line-length", ["--max-line-length", "17592186044417m"] },
        { "--max-pending-keys", ["--max-pending-keys", "0"] },
        { "--max-pending-keys", ["--max-pending-keys", "-5"] },
        { "--max-pending-keys", ["--max-pending-keys", "99999999999"] },
        { "--max-pending-keys", ["--max-pending-keys", "1e6"] },
        { "--log-level", ["--log-level", "loud"] },
        { "--log-level", ["--log-level", "verbose"] },
        { "--log-level", ["--log-level", "trace"] },
        { "--log-file", ["--log-file", ""] },
        { "--redis", ["--redis", "host:6379,notakeyword=1"] },
        { "--redis", ["--redis", ""] },
        { "--redis", ["--redis", "unix:"] },
        { "--redis", ["--redis", "http://127.0.0.1:6379"] },
        { "--redis", ["--redis", "redis://127.0.0.1:6379/zero"] },
        { "--redis", ["--redis", "redis://127.0.0.1:6379/0?ssl=true"] },
        { "--redis", ["--redis", "redis://10.0.0.1,redis://10.0.0.2"] },
        { "--redis", ["--redis", "127.0.0.1:0"] },
        { "--redis", ["--redis", "127.0.0.1:-1"] },
        { "--redis", ["--redis", "redis.internal:65536"] },
        { "--redis", ["--redis", "[::1]:70000"] },
        { "--redis", ["--redis", "[::1"] },
        { "--redis", ["--redis", "10.0.0.1:6379,redis.internal:abc"] },
        { "--redis", ["--redis", "redis://127.0.0.1:0"] },
    };

    [Fact]
    public void Defaults_are_used_when_no_option_is_given()
    {
        var settings = Read([]);

        Assert.Equal("127.0.0.1:6379", settings.RedisConfiguration);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6379), Assert.Single(settings.Redis.EndPoints));
        Assert.Equal("combined", settings.Format.Name);
        Assert.Equal(["GET"], settings.Methods);
        Assert.Equal("hits:{date}:{path}", settings.KeyTemplate.Text);
        Assert.Equal(TimeSpan.FromHours(24), settings.Ttl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.FlushInterval);
        Assert.Equal(64 * 1024, settings.MaxLineLength);
        Assert.Equal(1_000_000, settings.MaxPendingKeys);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.DrainTimeout);
        Assert.False(settings.DryRun);
        Assert.Null(settings.LogFile);
        Assert.Null(settings.LogLevel);
        Assert.True(settings.PageViews.Statuses.Matches("204"u8));
        Assert.False(settings.PageViews.Statuses.Matches("301"u8));
        Assert.True(settings.PageViews.Assets.Matches("/a/logo.PNG"u8));
        Assert.False(settings.PageViews.CountCrawlers);
        Assert.False(settings.PageViews.KeepQuery);
        Assert.False(settings.PageViews.CountAll);
        Assert.Equal(100_000, settings.PageViews.MaxPagesPerDay);
        Assert.Equal(1024, settings.PageViews.MaxPathLength);
    }

    [Fact]
    public void A_lower_case_method_is_refused_with_the_upper_case_one_it_likely_means()
    {
        var command = new LogPipeCommand();

        Assert.False(SettingsReader.TryRead(command, command.Root.Parse(["--methods", "get"]), _ => null, out _, out var error));

        Assert.Contains("e.g. GET", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_falls_back_to_the_environment_variable()
    {
        var asked = new List<string>();

        var settings = Read([], name =>
        {
            asked.Add(name);
            return name == "LOGPIPE_REDIS" ? "10.0.0.5:6380,password=secret" : null;
        });

        Assert.Equal(["LOGPIPE_REDIS"], asked);
        Assert.Equal("10.0.0.5:6380,password=secret", settings.RedisConfiguration);
        Assert.Equal("secret", settings.Redis.Password);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 6380), Assert.Single(settings.Redis.EndPoints));
    }

    [Theory]
    [InlineData("/run/redis/redis-server.sock")]
    [InlineData("unix:/run/redis/redis-server.sock")]
    [InlineData("UNIX:/run/redis/redis-server.sock")]
    public void A_socket_path_is_a_unix_socket_endpoint(string redis)
    {
        var settings = Read(["--redis", $"{redis},password=secret"]);

        var endpoint = Assert.IsType<UnixDomainSocketEndPoint>(Assert.Single(settings.Redis.EndPoints));
        Assert.Equal("/run/redis/redis-server.sock", endpoint.ToString());
        Assert.Equal("secret", settings.Redis.Password);
    }

    [Fact]
    public void A_redis_url_gives_the_endpoint_user_password_and_database()
    {
        var settings = Read(["--redis", "redis://reporter:p%40ss%2Cword@10.0.0.5:6380/2"]);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 6380), Assert.Single(settings.Redis.EndPoints));
        Assert.Equal("reporter", settings.Redis.User);
        Assert.Equal("p@ss,word", settings.Redis.Password);
        Assert.Equal(2, settings.Redis.DefaultDatabase);
        Assert.False(settings.Redis.Ssl);
    }

    [Fact]
    public void A_rediss_url_is_tls_on_the_default_port_and_takes_options_after_a_comma()
    {
        var settings = Read(["--redis", "rediss://:secret@redis.example.com,connectTimeout=5000"]);

        Assert.Equal(new DnsEndPoint("redis.example.com", 6379), Assert.Single(settings.Redis.EndPoints));
        Assert.Null(settings.Redis.User);
        Assert.Equal("secret", settings.Redis.Password);
        Assert.True(settings.Redis.Ssl);
        Assert.Equal(5000, settings.Redis.ConnectTimeout);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    public void An_address_without_a_port_gets_the_default_port(string redis, string address)
    {
        var settings = Read(["--redis", redis]);

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), 6379), Assert.Single(settings.Redis.EndPoints));
    }

    [Fact]
    public void A_host_name_without_a_port_gets_the_default_port()
    {
        var settings = Read(["--redis", "redis.internal,10.0.0.5:6380"]);

        Assert.Equal([new DnsEndPoint("redis.internal", 6379), new IPEndPoint(IPAddress.Parse("10.0.0.5"), 6380)], settings.Redis.EndPoints);
    }

    [Theory]
    [InlineData("10.0.0.5:0")]
    [InlineData("redis.internal:99999")]
    [InlineData("10.0.0.5:6379,redis.internal:six")]
    public void A_port_out_of_range_or_not_a_number_is_refused_naming_the_range(string redis)
    {
        Assert.Contains("the port must be a number from 1 to 65535", Refused(["--redis", redis]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_redis_url_is_refused_without_echoing_its_password()
    {
        var error = Refused(["--redis", "redis://:topsecret@127.0.0.1:6379/zero"]);

        Assert.Contains("database number", error, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://:Wr0ngPw@127.0.0.1:6379")]
    [InlineData("http://:Wr0ngPw@127.0.0.1:6379")]
    [InlineData("redis:/:Wr0ngPw@127.0.0.1:6379")]
    [InlineData("user:Wr0ngPw@127.0.0.1:6379")]
    [InlineData("redis://user:Wr0ngPw@127.0.0.1:0")]
    [InlineData("redis://:Wr0ngPw@[::1")]
    [InlineData("127.0.0.1:6379,password=Wr0ngPw,bogus=1")]
    [InlineData("127.0.0.1:6379,password=Wr0ngPw,ssl=Wr0ngPw")]
    public void A_refused_redis_configuration_never_shows_its_password(string redis)
    {
        var fromOption = Refused(["--redis", redis]);
        var fromEnvironment = RefusedWith(name => name == "LOGPIPE_REDIS" ? redis : null);

        Assert.StartsWith("--redis: ", fromOption, StringComparison.Ordinal);
        Assert.StartsWith("$LOGPIPE_REDIS: ", fromEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ngPw", fromOption, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ngPw", fromEnvironment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_named_unix_with_a_port_stays_a_host()
    {
        var settings = Read(["--redis", "unix:6379"]);

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(settings.Redis.EndPoints));
        Assert.Equal("unix", endpoint.Host);
        Assert.Equal(6379, endpoint.Port);
    }

    [Fact]
    public void Redis_option_overrides_the_environment_variable()
    {
        var settings = Read(["--redis", "10.0.0.9:6379"], _ => "10.0.0.5:6380,password=secret");

        Assert.Equal("10.0.0.9:6379", settings.RedisConfiguration);
        Assert.Null(settings.Redis.Password);
    }

    [Fact]
    public void Given_values_are_read()
    {
        var settings = Read(
        [
            "--format", "vhost_combined",
            "--methods", "GET, HEAD",
            "--key-template", "{date}{path}",
            "--ttl", "2d",
            "--flush-interval", "1s",
            "--max-line-length", "1m",
            "--max-pending-keys", "5000",
            "--dry-run",
            "--log-level", "warn",
        ]);

        Assert.Equal("vhost_combined", settings.Format.Name);
        Assert.Equal(["GET", "HEAD"], settings.Methods);
        Assert.Equal("{date}{path}", settings.KeyTemplate.Text);
        Assert.Equal(TimeSpan.FromDays(2), settings.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.FlushInterval);
        Assert.Equal(1024 * 1024, settings.MaxLineLength);
        Assert.Equal(5000, settings.MaxPendingKeys);
        Assert.True(settings.DryRun);
        Assert.Equal(LogEventLevel.Warning, settings.LogLevel);
    }

    [Fact]
    public void Custom_log_format_string_is_accepted()
    {
        var settings = Read(["--format", "%a %t \"%r\" %>s %B"]);

        Assert.Equal("%a %t \"%r\" %>s %B", settings.Format.Pattern);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_value_is_refused_with_one_line_naming_the_option(string option, string[] args)
    {
        var error = Refused(args);

        Assert.StartsWith(option + ": ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Template_without_path_is_refused_naming_the_placeholder()
    {
        Assert.Contains("{path}", Refused(["--key-template", "hits:{date}"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Host_in_the_key_template_needs_a_format_with_the_virtual_host()
    {
        var error = Refused(["--key-template", "hits:{host}:{date}:{path}"]);

        Assert.Contains("%v", error, StringComparison.Ordinal);
        Assert.Contains("vhost_combined", error, StringComparison.Ordinal);
        Assert.True(Read(["--key-template", "hits:{host}:{date}:{path}", "--format", "vhost_combined"]).KeyTemplate.UsesHost);
    }

    [Fact]
    public void Bad_redis_string_is_refused_naming_the_bad_keyword()
    {
        Assert.Contains("notakeyword", Refused(["--redis", "host:6379,notakeyword=1"]), StringComparison.Ordinal);
    }

    // The error SettingsReader gives for arguments it must refuse.
    private static string Refused(string[] args) => RefusedWith(_ => null, args);

    private static string RefusedWith(Func<string, string?> environment, params string[] args)
    {
        var command = new LogPipeCommand();
        var parsed = command.Root.Parse(args);
        Assert.Empty(parsed.Errors);

        Assert.False(SettingsReader.TryRead(command, parsed, environment, out var settings, out var error), $"{string.Join(' ', args)} was accepted");

        Assert.Null(settings);
        Assert.NotNull(error);
        return error;
    }

    private static Settings Read(string[] args, Func<string, string?>? environment = null)
    {
        var command = new LogPipeCommand();
        var parsed = command.Root.Parse(args);
        Assert.Empty(parsed.Errors);

        Assert.True(SettingsReader.TryRead(command, parsed, environment ?? (_ => null), out var settings, out var error), error);

        Assert.Null(error);
        return settings!;
    }
}
