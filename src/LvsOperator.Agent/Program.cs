using LvsOperator.Agent;

// The standalone director agent: `LvsOperator.Agent --config FILE` inside the director's network namespace.
try
{
    await using var app = AgentApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or System.Net.Sockets.SocketException or FormatException)
{
    await Console.Error.WriteLineAsync($"lvs agent: {e.Message}");
    return 1;
}
