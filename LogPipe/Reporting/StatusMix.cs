namespace LogPipe.Reporting;

/// <summary>Requests by class of status (all requests, not only page views), from the <c>statuses</c> hash.</summary>
internal sealed record StatusMix(long Success, long Redirection, long ClientError, long ServerError, long Other)
{
    public long Total => Success + Redirection + ClientError + ServerError + Other;

    /// <param name="statuses">Status codes as Apache logs them ("200", "404") and their requests.</param>
    public static StatusMix From(IEnumerable<Tally> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        long success = 0, redirection = 0, clientError = 0, serverError = 0, other = 0;
        foreach (var (name, count) in statuses)
        {
            // Only a three-digit code has a class; whatever else a log held counts as other.
            var digit = name is [var first, (>= (byte)'0' and <= (byte)'9'), (>= (byte)'0' and <= (byte)'9')] ? first : (byte)0;
            switch (digit)
            {
                case (byte)'2':
                    success += count;
                    break;
                case (byte)'3':
                    redirection += count;
                    break;
                case (byte)'4':
                    clientError += count;
                    break;
                case (byte)'5':
                    serverError += count;
                    break;
                default:
                    other += count;
                    break;
            }
        }

        return new StatusMix(success, redirection, clientError, serverError, other);
    }
}
