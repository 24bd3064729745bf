namespace LvsOperator.Dataplane.Services;

/// <summary>Desired source affinity, like <c>ipvsadm -p Timeout -M Netmask</c> (netmask as a big-endian wire value).</summary>
public sealed record PersistenceSpec(TimeSpan Timeout, uint Netmask = 0xFFFFFFFF);
