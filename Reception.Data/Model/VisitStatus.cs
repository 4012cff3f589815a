namespace Reception.Data.Model;

/// <summary>Where a visit stands. Done, NoShow and Cancelled are final.</summary>
public enum VisitStatus
{
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
    Cancelled,
}
