using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

/// <summary>
/// Watches the --config FILE and yields its text whenever its content changes (and once at the start). A
/// FileSystemWatcher on the directory catches in-place writes and the rename editors use to replace a file; a
/// periodic mtime/size poll catches what inotify misses. Bursts are debounced so a half-written file is not read
/// while the writer is still at it, and unchanged content (same SHA-256) is not yielded twice.
/// </summary>
internal sealed partial class ConfigFileSource(
    string path,
    TimeSpan debounce,
    TimeSpan pollInterval,
    TimeProvider timeProvider,
    ILogger<ConfigFileSource> logger)
{
    private readonly string _path = Path.GetFullPath(path);

    public async IAsyncEnumerable<string> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = CreateWatcher(() => signals.Writer.TryWrite(true));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = PollAsync(signals.Writer, stop.Token);
        try
        {
            byte[]? lastHash = null;
            bool missingReported = false;
            signals.Writer.TryWrite(true); // the initial read
            while (await signals.Reader.WaitToReadAsync(cancellationToken))
            {
                await DebounceAsync(signals.Reader, cancellationToken);
                byte[] content;
                try
                {
                    var before = Stamp();
                    content = await File.ReadAllBytesAsync(_path, cancellationToken);
                    if (Stamp() != before || content.Length != before.Length)
                    {
                        // Written while we read: what we have may be a torn mix that still parses. Read it again later.
                        signals.Writer.TryWrite(true);
                        continue;
                    }

                    if (content.Length == 0)
                    {
                        // Empty means "no services", which expires every connection: make sure it is not a writer's
                        // truncation caught before its write.
                        await Task.Delay(debounce, timeProvider, cancellationToken);
                        if (Stamp() != before)
                        {
                            signals.Writer.TryWrite(true);
                            continue;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    if (!missingReported)
                    {
                        LogUnreadable(logger, _path, e.Message);
                        missingReported = true;
                    }

                    continue;
                }

                missingReported = false;
                var hash = SHA256.HashData(content);
                if (lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
                {
                    continue;
                }

                lastHash = hash;
                LogChanged(logger, _path, content.Length);
                yield return System.Text.Encoding.UTF8.GetString(content);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await poll.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DebounceAsync(ChannelReader<bool> signals, CancellationToken cancellationToken)
    {
        signals.TryRead(out _);
        do
        {
            await Task.Delay(debounce, timeProvider, cancellationToken);
        }
        while (signals.TryRead(out _));
    }

    private async Task PollAsync(ChannelWriter<bool> signals, CancellationToken cancellationToken)
    {
        var last = Stamp();
        using var timer = new PeriodicTimer(pollInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = Stamp();
            if (now != last)
            {
                last = now;
                signals.TryWrite(true);
            }
        }
    }

    private (DateTime Modified, long Length) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private FileSystemWatcher? CreateWatcher(Action changed)
    {
        var directory = Path.GetDirectoryName(_path);
        if (directory is null || !Directory.Exists(directory))
        {
            return null; // the poll still sees the file once its directory appears
        }

        var name = Path.GetFileName(_path);
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler onChange = (_, e) =>
        {
            if (string.Equals(e.Name, name, StringComparison.Ordinal))
            {
                changed();
            }
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Deleted += onChange;
        watcher.Renamed += (_, e) =>
        {
            if (string.Equals(e.Name, name, StringComparison.Ordinal) || string.Equals(e.OldName, name, StringComparison.Ordinal))
            {
                changed();
            }
        };
        watcher.Error += (_, e) =>
        {
            LogWatcherError(logger, _path, e.GetException().Message);
            changed();
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
