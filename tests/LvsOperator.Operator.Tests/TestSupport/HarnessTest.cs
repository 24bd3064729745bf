using Xunit.Abstractions;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>A test class whose every test gets a fresh <see cref="OperatorHarness"/> (xunit makes one instance per test).</summary>
public abstract class HarnessTest(ITestOutputHelper output) : IAsyncLifetime
{
    protected ITestOutputHelper Output => output;

    protected OperatorHarness Harness { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Harness = await OperatorHarness.StartAsync(output);

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();
}
