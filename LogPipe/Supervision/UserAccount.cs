using System.Globalization;
using System.Runtime.InteropServices;
using LogPipe.Native;

namespace LogPipe.Supervision;

/// <summary>
/// The account <c>--user NAME[:GROUP]</c> names. Apache starts piped loggers as root; once the log file is open,
/// nothing LogPipe does needs root, so supervisor and worker give it up for this account.
/// </summary>
internal sealed class UserAccount
{
    private UserAccount(string name, uint userId, uint groupId, string description)
    {
        Name = name;
        UserId = userId;
        GroupId = groupId;
        Description = description;
    }

    public string Name { get; }

    public uint UserId { get; }

    public uint GroupId { get; }

    /// <summary>"nobody:nogroup (65534:65534)", for messages.</summary>
    public string Description { get; }

    /// <summary>Looks the user (and group) up; without a group, the user's own primary group.</summary>
    public static bool TryResolve(string user, string? group, out UserAccount? account, out string? error)
    {
        ArgumentNullException.ThrowIfNull(user);
        account = null;
        if (!LibC.TryFindUser(user, out var userId, out var groupId))
        {
            error = $"--user: there is no user '{user}' on this system";
            return false;
        }

        if (group is not null && !LibC.TryFindGroup(group, out groupId))
        {
            error = $"--user: there is no group '{group}' on this system";
            return false;
        }

        var ids = string.Create(CultureInfo.InvariantCulture, $"{userId}:{groupId}");
        account = new UserAccount(user, userId, groupId, $"{user}{(group is null ? string.Empty : ":" + group)} ({ids})");
        error = null;
        return true;
    }

    /// <summary>
    /// Becomes this account, unless this process already is it (a worker started by a supervisor that switched).
    /// After this, root is gone for good: set*id as root changes the real, effective and saved IDs alike.
    /// </summary>
    public bool TrySwitch(out string? error)
    {
        error = null;
        if (LibC.EffectiveUserId() == UserId && LibC.EffectiveGroupId() == GroupId)
        {
            return true;
        }

        var errno = LibC.SwitchUser(Name, UserId, GroupId);
        if (errno != 0)
        {
            error = errno == LibC.EPerm
                ? $"--user: cannot switch to {Description}: only root can (LogPipe runs as uid {LibC.EffectiveUserId().ToString(CultureInfo.InvariantCulture)})"
                : $"--user: cannot switch to {Description}: {Marshal.GetPInvokeErrorMessage(errno)}";
            return false;
        }

        return true;
    }
}
