using LvsOperator.Operator;

// The operator: `LvsOperator.Operator [--kubeconfig FILE] [--namespace NS] …`, a Deployment in a cluster.
if (args is ["--help" or "-h"])
{
    Console.WriteLine(OperatorApplication.Usage);
    return 0;
}

try
{
    await using var app = OperatorApplication.Build(args);
    await app.RunAsync();
    return Environment.ExitCode; // 0, unless the main loop failed (OperatorService sets 1)
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or FormatException)
{
    await Console.Error.WriteLineAsync($"lvs operator: {e.Message}");
    return 1;
}
