using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>Loggers that write to the test's output (shown when it fails); silent once the test is over.</summary>
public static class TestLog
{
    public static ILogger<T> For<T>(ITestOutputHelper? output) =>
        output is null ? NullLogger<T>.Instance : new OutputLogger<T>(output);

    private sealed class OutputLogger<T>(ITestOutputHelper output) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {typeof(T).Name}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test finished; a background loop logged late.
            }
        }
    }
}
