namespace LvsOperator.Sandbox.ApiServer.Storage;

internal enum StoreChangeKind
{
    None,
    Put,
    Remove,
}
