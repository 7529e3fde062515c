namespace LogPipe.Tests.Support;

/// <summary>
/// Writes what a test's httpd serves and runs on: a small site with a large file, and an httpd.conf that loads only
/// what the tests use. Nothing comes from /etc/apache2.
/// </summary>
internal static class ApacheConfigWriter
{
    // mod_ratelimit's rate-limit is in KiB/s: the large file then takes about eight seconds, time enough for a graceful
    // restart of a loaded machine to serve the new generation while it is still in flight.
    private const int SlowRateKibPerSecond = 64;

    private static readonly string[] s_moduleDirectories = ["/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules"];

    /// <summary>The site under <c>htdocs</c>, and the empty <c>logs</c> and <c>run</c> folders httpd writes into.</summary>
    public static void WriteSite(TempDirectory root)
    {
        var site = Directory.CreateDirectory(root.File("htdocs")).FullName;
        Directory.CreateDirectory(root.File("logs"));
        Directory.CreateDirectory(root.File("run"));
        var files = new Dictionary<string, string>
        {
            ["index.html"] = "<!doctype html><title>Home</title><p>LogPipe test site.</p>\n",
            ["about.html"] = "<!doctype html><title>About</title><p>About this site.</p>\n",
            ["docs/guide.html"] = "<!doctype html><title>Guide</title><p>A guide.</p>\n",
            ["css/site.css"] = "body { font-family: sans-serif; }\n",
        };
        foreach (var (name, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(site, name))!);
            File.WriteAllText(Path.Combine(site, name), content);
        }

        var large = new byte[ApacheServer.LargeFileLength];
        new Random(ApacheServer.LargeFileLength).NextBytes(large);
        Directory.CreateDirectory(Path.Combine(site, "files"));
        File.WriteAllBytes(Path.Combine(site, "files", "large.bin"), large);

        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // Children run as nobody: every folder from /tmp down to the site must be searchable, every file readable.
            const UnixFileMode Everyone = UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
            for (var directory = new DirectoryInfo(root.Path); directory is not null && directory.FullName != Path.GetTempPath().TrimEnd('/'); directory = directory.Parent)
            {
                directory.UnixFileMode |= Everyone;
            }

            foreach (var entry in new DirectoryInfo(site).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(site)))
            {
                entry.UnixFileMode |= entry is DirectoryInfo ? Everyone : UnixFileMode.OtherRead | UnixFileMode.GroupRead;
            }
        }
    }

    /// <summary>httpd.conf for <paramref name="server"/>: its MPM, port, logs and virtual hosts, and LogPipe as its piped log.</summary>
    public static string Configuration(ApacheServer server, string root, string redisConfiguration, string keyTemplateArgument, string logPipeOptions)
    {
        var modules = ModuleDirectory();
        var mpm = server.Mpm == ApacheMpm.Event ? "event" : "prefork";
        var user = Environment.IsPrivilegedProcess ? "User nobody\nGroup nogroup" : "# Not root: the children run as the current user.";
        var format = server.VirtualHosts is null ? "combined" : "vhost_combined";
        var logPipe = $"{LogPipeProcess.Executable} --redis {redisConfiguration} --format {format} --key-template {keyTemplateArgument} --log-file {server.LogPipeLogPath} --log-level information {logPipeOptions}".TrimEnd();
        var virtualHosts = string.Concat((server.VirtualHosts ?? []).Select(name => $"<VirtualHost 127.0.0.1:{server.Port}>\n  ServerName {name}\n</VirtualHost>\n"));
        return $$"""
            # Written by LogPipe.Tests ApacheServer for one test; nothing here comes from /etc/apache2.
            ServerRoot "{{root}}"
            DefaultRuntimeDir "{{root}}/run"
            PidFile "{{root}}/run/httpd.pid"
            Mutex file:{{root}}/run default

            LoadModule mpm_{{mpm}}_module {{modules}}/mod_mpm_{{mpm}}.so
            # Built into Debian's apache2 (apache2 -l); loaded where they are not.
            <IfModule !unixd_module>
              LoadModule unixd_module {{modules}}/mod_unixd.so
            </IfModule>
            <IfModule !log_config_module>
              LoadModule log_config_module {{modules}}/mod_log_config.so
            </IfModule>
            LoadModule authz_core_module {{modules}}/mod_authz_core.so
            LoadModule mime_module {{modules}}/mod_mime.so
            LoadModule dir_module {{modules}}/mod_dir.so
            LoadModule alias_module {{modules}}/mod_alias.so
            LoadModule env_module {{modules}}/mod_env.so
            LoadModule ratelimit_module {{modules}}/mod_ratelimit.so

            {{user}}
            Listen 127.0.0.1:{{server.Port}}
            ServerName 127.0.0.1
            ErrorLog "{{server.ErrorLogPath}}"
            LogLevel notice

            <IfModule mpm_event_module>
              StartServers 2
              ServerLimit 8
              ThreadsPerChild 10
              MaxRequestWorkers 40
              MinSpareThreads 10
              MaxSpareThreads 30
            </IfModule>
            <IfModule mpm_prefork_module>
              StartServers 4
              MinSpareServers 2
              MaxSpareServers 8
              MaxRequestWorkers 16
            </IfModule>

            TypesConfig /dev/null
            AddType text/html .html
            AddType text/css .css
            DirectoryIndex index.html
            DocumentRoot "{{root}}/htdocs"
            <Directory />
              AllowOverride None
              Require all denied
            </Directory>
            <Directory "{{root}}/htdocs">
              Require all granted
            </Directory>

            # The same files again, at {{SlowRateKibPerSecond}} KiB/s: a request that stays in flight across a restart.
            Alias "/slow/" "{{root}}/htdocs/"
            <Location "/slow/">
              SetOutputFilter RATE_LIMIT
              SetEnv rate-limit {{SlowRateKibPerSecond}}
            </Location>

            LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
            LogFormat "%v:%p %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" vhost_combined
            CustomLog "{{server.AccessLogPath}}" {{format}}
            CustomLog "|{{logPipe}}" {{format}}

            # Virtual hosts inherit all of the above, logs included.
            {{virtualHosts}}
            """;
    }

    private static string ModuleDirectory() =>
        s_moduleDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "mod_mpm_event.so")))
        ?? throw new InvalidOperationException($"no Apache module directory found among {string.Join(", ", s_moduleDirectories)}");
}
