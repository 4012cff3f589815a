namespace Reception.Data.Model;

/// <summary>Where a visit came from: who registered it.</summary>
public enum VisitChannel
{
    /// <summary>A receptionist at a desk (or a manager) in the browser.</summary>
    Desk,

    /// <summary>A self-service kiosk at the entrance.</summary>
    Kiosk,

    /// <summary>The visitor, on their own phone (remote join).</summary>
    Remote,

    /// <summary>A legacy system through the REST API.</summary>
    Api,
}
