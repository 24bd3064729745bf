namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>A CRD additionalPrinterColumn (or a built-in's fixed column) as Table output needs it.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
