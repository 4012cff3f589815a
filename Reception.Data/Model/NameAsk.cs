namespace Reception.Data.Model;

/// <summary>Whether the kiosk asks a visitor of a service for their name.</summary>
public enum NameAsk
{
    Optional,
    Required,
    NotAsked,
}
