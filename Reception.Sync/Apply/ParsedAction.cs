using Reception.Sync.Merge;

namespace Reception.Sync.Apply;

/// <summary>An action whose shape has been checked: the typed form the pipeline applies.</summary>
public abstract record ParsedAction;

/// <param name="Ticket">A number the client leased for this service, shown to the visitor while offline.</param>
public sealed record RegisterAction(
    Guid VisitId, Guid ServiceId, string Name, string? Phone, string? Notes, int Priority, DateTime? ArrivedAt,
    int? Ticket = null)
    : ParsedAction;

public sealed record EditAction(Guid VisitId, IReadOnlyList<FieldEdit> Edits, BaseStamps Base) : ParsedAction;

public sealed record TransitionAction(Guid VisitId, Transition Transition) : ParsedAction;

/// <param name="QueuedAt">When the button was pressed, by the desk's clock (see <see cref="CallNextDeadline"/>).</param>
public sealed record CallNextAction(Guid DeskId, IReadOnlyList<Guid>? ServiceIds, DateTime? QueuedAt = null) : ParsedAction;

/// <summary>"I need a few more minutes" (<see cref="Postpone"/>).</summary>
public sealed record PostponeAction(Guid VisitId) : ParsedAction;
