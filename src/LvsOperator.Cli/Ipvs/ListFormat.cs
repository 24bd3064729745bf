namespace LvsOperator.Cli.Ipvs;

/// <summary>Which columns <c>lvsctl list</c> shows, as ipvsadm -L's default, --stats and --rate.</summary>
public enum ListFormat
{
    Default,
    Stats,
    Rate,
}
