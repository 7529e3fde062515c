namespace LogPipe.Tests.Support;

/// <summary>
/// Finds a program the tests need (redis-server, apache2). Missing outside CI, the test is skipped with the install
/// command; missing under CI=true, it fails, since CI installs everything and a skip would hide a broken install.
/// </summary>
internal static class RequiredTool
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        string[] standard = ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/sbin", "/bin"];
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(standard).Concat(extraDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The skip reason for a missing tool, or null when present (or when under CI, where the fixture then fails).</summary>
    public static string? SkipReason(string name, string package) =>
        Find(name) is null && !IsCi ? $"{name} is not installed (apt-get install {package}, or run scripts/test.sh)" : null;

    public static string Require(string name, string package) =>
        Find(name) ?? throw new InvalidOperationException($"{name} is not installed: apt-get install {package} (scripts/test.sh does it)");
}
