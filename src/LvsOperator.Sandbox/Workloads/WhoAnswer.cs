namespace LvsOperator.Sandbox.Workloads;

public enum WhoOutcome
{
    Answered,
    Reset,
    TimedOut,
    Closed,
}

public sealed record WhoAnswer(WhoOutcome Outcome, ServedBy? ServedBy);
