using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>Hand-written mapping between the stored visit, the merge core's value and the wire.</summary>
public static class VisitMapping
{
    public static VisitState AsState(this Visit v) =>
        new(v.Id, v.ServiceId, v.Ticket, v.Name, v.Phone, v.Notes, v.Priority, v.Status, v.DeskId, v.ArrivedAt,
            v.CalledAt, v.StartedAt, v.CompletedAt, v.UpdatedAt, v.Version,
            new FieldStamps(v.NameVersion, v.PhoneVersion, v.NotesVersion, v.PriorityVersion), v.TicketDay, v.ReinstatedAt, v.Code, v.Channel,
            v.Postponed);

    public static void CopyTo(this VisitState s, Visit v)
    {
        v.ServiceId = s.ServiceId;
        v.Ticket = s.Ticket;
        v.Name = s.Name;
        v.Phone = s.Phone;
        v.Notes = s.Notes;
        v.Priority = s.Priority;
        v.Status = s.Status;
        v.DeskId = s.DeskId;
        v.ArrivedAt = s.ArrivedAt;
        v.CalledAt = s.CalledAt;
        v.StartedAt = s.StartedAt;
        v.CompletedAt = s.CompletedAt;
        v.UpdatedAt = s.UpdatedAt;
        v.ReinstatedAt = s.ReinstatedAt;
        v.Version = s.Version;
        v.NameVersion = s.Stamps.Name;
        v.PhoneVersion = s.Stamps.Phone;
        v.NotesVersion = s.Stamps.Notes;
        v.PriorityVersion = s.Stamps.Priority;
        v.Code = s.Code;
        v.Channel = s.Channel;
        v.Postponed = s.Postponed;
    }

    public static VisitDto AsDto(this VisitState s, string branch) => new()
    {
        Id = s.Id,
        Branch = branch,
        ServiceId = s.ServiceId,
        Ticket = s.Ticket,
        Name = s.Name,
        Phone = s.Phone,
        Notes = s.Notes,
        Priority = s.Priority,
        Status = StatusNames.Of(s.Status),
        DeskId = s.DeskId,
        ArrivedAt = s.ArrivedAt,
        CalledAt = s.CalledAt,
        StartedAt = s.StartedAt,
        CompletedAt = s.CompletedAt,
        UpdatedAt = s.UpdatedAt,
        ReinstatedAt = s.ReinstatedAt,
        Version = s.Version,
        FieldVersions = new FieldVersionsDto(s.Stamps.Name, s.Stamps.Phone, s.Stamps.Notes, s.Stamps.Priority),
        Code = s.Code,
        Channel = ChannelNames.Of(s.Channel),
        Postponed = s.Postponed,
    };

    public static VisitDto AsDto(this Visit v, string branch) => v.AsState().AsDto(branch);

    public static NotificationDto AsDto(this Notification n) =>
        new(n.Id, n.Kind, n.VisitId, n.Ticket, n.DeskId, n.DeskName, n.Message, n.Version, n.At);
}
