using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using LvsOperator.Api.Serialization;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Config;

/// <summary>
/// Watches the --config FILE and yields each new version of it (and the first at the start): its text, or why it
/// cannot be used. A FileSystemWatcher on the directory catches in-place writes and the rename editors use to replace a
/// file; a periodic mtime/size poll catches what inotify misses (and is all there is when no watcher can be had).
/// Bursts are debounced so a half-written file is not read while the writer is still at it, unchanged content (same
/// SHA-256) is not yielded twice, and a problem is yielded once until it changes or the file is usable again.
/// </summary>
internal sealed partial class ConfigFileSource(
    string path,
    int sizeLimit,
    TimeSpan debounce,
    TimeSpan pollInterval,
    TimeProvider timeProvider,
    ILogger<ConfigFileSource> logger)
{
    private readonly string _path = Path.GetFullPath(path);

    public async IAsyncEnumerable<ConfigFileRead> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = CreateWatcher(() => signals.Writer.TryWrite(true));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = PollAsync(signals.Writer, stop.Token);
        try
        {
            byte[]? lastHash = null;
            string? lastProblem = null;
            signals.Writer.TryWrite(true); // the initial read
            while (await signals.Reader.WaitToReadAsync(cancellationToken))
            {
                await DebounceAsync(signals.Reader, cancellationToken);
                var before = Stamp();
                if (!ConfigFileReader.TryRead(_path, sizeLimit, out var content, out var problem))
                {
                    lastHash = null; // the same content, once usable again, must apply again and clear the problem
                    if (problem != lastProblem)
                    {
                        lastProblem = problem;
                        LogUnusable(logger, problem);
                        yield return ConfigFileRead.Unusable(problem);
                    }

                    continue;
                }

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

                lastProblem = null;
                var hash = SHA256.HashData(content);
                if (lastHash is not null && hash.AsSpan().SequenceEqual(lastHash))
                {
                    continue;
                }

                lastHash = hash;
                LogChanged(logger, _path, content.Length);
                yield return Utf8Text.TryDecode(content, out var text, out var invalid)
                    ? ConfigFileRead.Text(text)
                    : ConfigFileRead.Unusable($"{_path}: {invalid}");
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

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = Watch(directory, changed);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            // Typically fs.inotify.max_user_instances reached on a busy node (IOException), or the directory went away
            // since it was seen (ArgumentException): the poll alone still sees every change.
            watcher?.Dispose();
            LogWatcherError(logger, _path, e.Message);
            return null;
        }
    }

    private FileSystemWatcher Watch(string directory, Action changed)
    {
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
        return watcher;
    }
}
