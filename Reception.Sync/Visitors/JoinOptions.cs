using System.ComponentModel.DataAnnotations;

namespace Reception.Sync.Visitors;

/// <summary>Caps on remote joining (<c>Reception:Join</c>): /join/{branch} is open to the internet.</summary>
public sealed class JoinOptions
{
    public const string Section = "Reception:Join";

    /// <summary>Open tickets (waiting or called) one device may hold at a branch.</summary>
    [Range(1, 1000)]
    public int OpenPerDevice { get; set; } = 1;

    /// <summary>Open tickets one network address may hold at a branch (a family or an office shares one).</summary>
    [Range(1, 100_000)]
    public int OpenPerAddress { get; set; } = 3;
}
