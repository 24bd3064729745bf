namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>One cause of a 422 Invalid: Type is the apiserver's cause reason (FieldValueRequired, FieldValueNotSupported, ...).</summary>
internal sealed record FieldError(string Field, string Type, string Message);
