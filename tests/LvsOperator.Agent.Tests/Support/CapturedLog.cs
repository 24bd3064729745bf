using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Tests.Support;

internal sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception);
