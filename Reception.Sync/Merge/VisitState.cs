using Reception.Data.Model;

namespace Reception.Sync.Merge;

/// <summary>The editable fields of a visit, each stamped with the version that last set it.</summary>
public enum VisitField
{
    Name,
    Phone,
    Notes,
    Priority,
}

/// <summary>Per-field stamps: the change-feed version that last set each editable field.</summary>
public readonly record struct FieldStamps(long Name, long Phone, long Notes, long Priority)
{
    public static FieldStamps All(long version) => new(version, version, version, version);

    public long this[VisitField field] => field switch
    {
        VisitField.Name => Name,
        VisitField.Phone => Phone,
        VisitField.Notes => Notes,
        VisitField.Priority => Priority,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public FieldStamps With(VisitField field, long version) => field switch
    {
        VisitField.Name => this with { Name = version },
        VisitField.Phone => this with { Phone = version },
        VisitField.Notes => this with { Notes = version },
        VisitField.Priority => this with { Priority = version },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

/// <summary>
/// A visit as the merge core sees it: an immutable value. The core only ever returns new states;
/// whoever stores them decides when. <see cref="Code"/> and <see cref="Channel"/> are set once,
/// at registration, and only carried along; <see cref="Postponed"/> says the visitor used their one
/// "a few more minutes" (<see cref="Postpone"/>).
/// </summary>
/// <param name="Day">The branch-local day its ticket was issued on (a reinstate must happen that day).</param>
/// <param name="ReinstatedAt">When it was last put back in the queue (reinstate): it then stands in line
/// from that time, not from <see cref="ArrivedAt"/>, which stays the arrival for reports.</param>
public sealed record VisitState(
    Guid Id,
    Guid ServiceId,
    string Ticket,
    string Name,
    string? Phone,
    string? Notes,
    int Priority,
    VisitStatus Status,
    Guid? DeskId,
    DateTime ArrivedAt,
    DateTime? CalledAt,
    DateTime? StartedAt,
    DateTime? CompletedAt,
    DateTime UpdatedAt,
    long Version,
    FieldStamps Stamps,
    DateOnly Day = default,
    DateTime? ReinstatedAt = null,
    string? Code = null,
    VisitChannel Channel = VisitChannel.Desk,
    bool Postponed = false)
{
    /// <summary>The time the visit stands in line from: its last reinstate, else its arrival.</summary>
    public DateTime QueuedAt => ReinstatedAt ?? ArrivedAt;

    /// <summary>The value of an editable field: a string, or an int for priority.</summary>
    public object? this[VisitField field] => field switch
    {
        VisitField.Name => Name,
        VisitField.Phone => Phone,
        VisitField.Notes => Notes,
        VisitField.Priority => Priority,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public VisitState With(VisitField field, object? value) => field switch
    {
        VisitField.Name => this with { Name = (string)value! },
        VisitField.Phone => this with { Phone = (string?)value },
        VisitField.Notes => this with { Notes = (string?)value },
        VisitField.Priority => this with { Priority = (int)value! },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public bool IsFinal => Status is VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled;
}
