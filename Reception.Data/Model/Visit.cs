namespace Reception.Data.Model;

public sealed class Visit
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public Guid ServiceId { get; set; }
    public DateOnly TicketDay { get; set; }
    public int TicketNumber { get; set; }
    public required string Ticket { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? Notes { get; set; }
    public int Priority { get; set; }
    public VisitStatus Status { get; set; }
    public Guid? DeskId { get; set; }
    public DateTime ArrivedAt { get; set; }
    public DateTime? CalledAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When a no-show or cancelled visit was last put back in the queue; it stands in line from then.</summary>
    public DateTime? ReinstatedAt { get; set; }

    /// <summary>The change-feed version of the visit's last change.</summary>
    public long Version { get; set; }

    // The change-feed version that last set each editable field.
    public long NameVersion { get; set; }
    public long PhoneVersion { get; set; }
    public long NotesVersion { get; set; }
    public long PriorityVersion { get; set; }

    /// <summary>
    /// The visitor's capability: the unguessable part of their status page's address (/v/{code}).
    /// Made by the server with the visit; null only for visits older than it that are closed.
    /// Staff may see it (to show the QR code); the public display never gets it.
    /// </summary>
    public string? Code { get; set; }

    public VisitChannel Channel { get; set; }

    /// <summary>The visitor asked once for a few more minutes (moved back in line); they may not again.</summary>
    public bool Postponed { get; set; }

    /// <summary>When the retention job removed the visitor's details from it and every copy (null: not yet).</summary>
    public DateTime? RedactedAt { get; set; }
}
