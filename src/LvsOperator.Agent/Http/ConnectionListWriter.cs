using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Http;

/// <summary>
/// Writes GET /v1/connections while it reads the table: a <see cref="ConnectionSnapshotCursor"/> copies the next slots
/// on the forwarder thread (one bounded step per <see cref="IDataplane.InvokeAsync{T}"/>, packets in between), and each
/// chunk is written here, off that thread, row by row (<see cref="ConnectionRowWriter"/>) straight into the response
/// body. No side holds more than one chunk, whatever the table's size. The envelope is the
/// <see cref="ConnectionListDocument"/> record's, field for field and in its order (a test holds the two together).
/// </summary>
internal sealed partial class ConnectionListWriter(IDataplane dataplane, IOptions<AgentOptions> options, ILogger<ConnectionListWriter> logger)
{
    private static readonly JsonEncodedText CapacityName = JsonEncodedText.Encode("capacity");
    private static readonly JsonEncodedText ConnectionsName = JsonEncodedText.Encode("connections");
    private static readonly JsonEncodedText CountName = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText TotalName = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText TruncatedName = JsonEncodedText.Encode("truncated");

    /// <summary>
    /// ~40 KB of JSON between flushes: what the response pipe holds unflushed stays within what its memory pool keeps,
    /// where a whole step's rows (1.3 MB at 4,096) made it allocate new buffers on every step.
    /// </summary>
    private const int RowsPerFlush = 128;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = AgentApiJsonContext.Default.Options.WriteIndented,
        IndentCharacter = AgentApiJsonContext.Default.Options.IndentCharacter,
        IndentSize = AgentApiJsonContext.Default.Options.IndentSize,
        NewLine = AgentApiJsonContext.Default.Options.NewLine,
        Encoder = AgentApiJsonContext.Default.Options.Encoder,
    };

    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        var stop = context.RequestAborted;
        if (!TryReadLimit(context.Request.Query, out int limit, out var problem))
        {
            await WriteTextAsync(response, StatusCodes.Status400BadRequest, problem, stop);
            return;
        }

        using var cursor = dataplane.Connections.OpenSnapshot(options.Value.ConnectionListStep, limit);
        try
        {
            // The first step before the first byte: a forwarder that does not run is a clear 503, not a cut-off 200.
            await dataplane.InvokeAsync(cursor.Step).WaitAsync(stop);
        }
        catch (InvalidOperationException e)
        {
            await WriteTextAsync(response, StatusCodes.Status503ServiceUnavailable, e.Message, stop);
            return;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // the client went away before the first row
        }

        response.ContentType = "application/json; charset=utf-8";
        try
        {
            await WriteListAsync(response.BodyWriter, cursor, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away; the cursor is disposed below, and a step still queued will do nothing.
        }
        catch (InvalidOperationException e)
        {
            // The status line has gone out: cut the connection, so the client sees a failed answer rather than a short list.
            LogListingFailed(logger, cursor.Listed, e.Message);
            context.Abort();
        }
    }

    /// <summary><c>?limit=N</c>: absent is no limit; anything but one non-negative decimal integer is a <paramref name="problem"/>.</summary>
    internal static bool TryReadLimit(IQueryCollection query, out int limit, [NotNullWhen(false)] out string? problem)
    {
        limit = int.MaxValue;
        problem = null;
        if (!query.TryGetValue(AgentHttpApi.ConnectionsLimit, out var values))
        {
            return true;
        }

        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            return true;
        }

        problem = values.Count == 1
            ? $"{AgentHttpApi.ConnectionsLimit} must be a non-negative integer, at most {int.MaxValue} (got '{values[0]}')"
            : $"{AgentHttpApi.ConnectionsLimit} must be given once (got {values.Count} values)";
        return false;
    }

    /// <summary>
    /// The list from a cursor whose first step has run, each further step through the control queue once the chunk
    /// before it is written and flushed to <paramref name="body"/> (so a slow reader slows the listing, not the forwarder).
    /// </summary>
    internal async Task WriteListAsync(PipeWriter body, ConnectionSnapshotCursor cursor, CancellationToken stop)
    {
        Func<int> step = cursor.Step;
        await using var json = new Utf8JsonWriter(body, WriterOptions);
        json.WriteStartObject();
        json.WriteNumber(CapacityName, dataplane.Connections.Capacity);
        json.WriteStartArray(ConnectionsName);
        while (true)
        {
            for (int row = 0; row < cursor.Chunk.Length; row += RowsPerFlush)
            {
                WriteRows(json, cursor.Chunk, row);
                json.Flush();
                var flushed = await body.FlushAsync(stop);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return; // the client has gone
                }
            }

            if (cursor.IsComplete)
            {
                break;
            }

            await dataplane.InvokeAsync(step).WaitAsync(stop);
        }

        json.WriteEndArray();
        json.WriteNumber(CountName, cursor.Listed);
        json.WriteNumber(TotalName, cursor.Total);
        json.WriteBoolean(TruncatedName, cursor.Truncated);
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(stop);
    }

    private static void WriteRows(Utf8JsonWriter json, ReadOnlySpan<ConnectionSnapshot> chunk, int from)
    {
        foreach (ref readonly var c in chunk.Slice(from, Math.Min(RowsPerFlush, chunk.Length - from)))
        {
            ConnectionRowWriter.Write(json, in c);
        }
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, string text, CancellationToken stop)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text + "\n", stop);
    }
}
