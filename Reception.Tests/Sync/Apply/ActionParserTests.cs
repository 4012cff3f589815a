using Reception.Sync.Apply;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Tests.Sync.Apply;

public class ActionParserTests
{
    private const string Visit = "5f1e0000-0000-0000-0000-000000000001";
    private const string Service = "00000000-0000-0000-0000-0000000000b1";
    private const string Desk = "00000000-0000-0000-0000-0000000000d1";

    /// <summary>An action as it arrives on the wire; <paramref name="rest"/> is the JSON after clientId and mutationId.</summary>
    private static SyncAction Wire(string rest) =>
        WireJson.Deserialize<SyncAction>($$"""{ "clientId": "9b0c0000-0000-0000-0000-000000000001", "mutationId": 7, {{rest}} }""");

    private static T Parsed<T>(string rest) where T : ParsedAction
    {
        var (action, error) = ActionParser.Parse(Wire(rest));
        Assert.Null(error);
        return Assert.IsType<T>(action);
    }

    // (what is wrong, the action after clientId and mutationId, a word the message must contain)
    public static TheoryData<string, string, string> BadActions => new()
    {
        { "unknown type", $$"""
            "type": "teleport", "visitId": "{{Visit}}"
            """, "teleport" },
        { "missing type", $$"""
            "visitId": "{{Visit}}"
            """, "type" },
        { "blank type", $$"""
            "type": "  ", "visitId": "{{Visit}}"
            """, "type" },
        { "missing visitId", """
            "type": "complete"
            """, "visitId" },
        { "empty visitId", """
            "type": "cancel", "visitId": "00000000-0000-0000-0000-000000000000"
            """, "visitId" },
        { "register without visitId", $$"""
            "type": "register", "args": { "serviceId": "{{Service}}", "name": "Ada" }
            """, "visitId" },
        { "args an array", $$"""
            "type": "call", "visitId": "{{Visit}}", "args": ["{{Desk}}"]
            """, "object" },
        { "args a string", $$"""
            "type": "call", "visitId": "{{Visit}}", "args": "{{Desk}}"
            """, "object" },
        { "missing name", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}" }
            """, "name" },
        { "null name", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": null }
            """, "name" },
        { "blank name", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "   " }
            """, "name" },
        { "name of 10,000 characters", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "{{new string('x', 10_000)}}" }
            """, "200" },
        { "control character in name", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada\u0007" }
            """, "control" },
        { "newline in name", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "name": "Ada\nKing" }
            """, "control" },
        { "right-to-left override in a name", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada\u202Eecila" }
            """, "The name contains an invisible direction control (right-to-left override, U+202E)" },
        { "zero-width space in a phone", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada", "phone": "+44\u200B1" }
            """, "The phone contains an invisible formatting character (zero-width space, U+200B)" },
        { "isolate in edited notes", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "notes": "\u2067side door" }
            """, "The notes contains an invisible direction control (right-to-left isolate, U+2067)" },
        { "byte order mark in an edited name", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "name": "\uFEFFAda" }
            """, "The name contains an invisible formatting character (zero-width no-break space, U+FEFF)" },
        { "broken character in a name (what WireText makes of a lone surrogate)", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada\uFFFD" }
            """, "The name contains a broken character" },
        { "name a number", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": 42 }
            """, "name" },
        { "notes too long", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "notes": "{{new string('n', 2001)}}" }
            """, "notes" },
        { "priority 2", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada", "priority": 2 }
            """, "priority" },
        { "priority as text", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "priority": "1" }
            """, "priority" },
        { "serviceId not a GUID", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "general", "name": "Ada" }
            """, "serviceId" },
        { "transfer without serviceId", $$"""
            "type": "transfer", "visitId": "{{Visit}}"
            """, "serviceId" },
        { "call without deskId", $$"""
            "type": "call", "visitId": "{{Visit}}", "args": {}
            """, "deskId" },
        { "arrivedAt not a time", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada", "arrivedAt": "soon" }
            """, "arrivedAt" },
        { "unknown args field", $$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada", "status": "done" }
            """, "status" },
        { "args on an action that takes none", $$"""
            "type": "complete", "visitId": "{{Visit}}", "args": { "deskId": "{{Desk}}" }
            """, "deskId" },
        { "updateDetails without base", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "args": { "phone": "+44 1" }
            """, "base.version" },
        { "updateDetails with base but no version", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "fields": { "phone": 3 } }, "args": { "phone": "+44 1" }
            """, "base.version" },
        { "updateDetails of nothing", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": {}
            """, "updateDetails" },
        { "updateDetails of a field that is not editable", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "ticket": "A-001" }
            """, "name, phone, notes, priority" },
        { "updateDetails with an extra field that is not editable", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "phone": "+44 1", "ticket": "A-001" }
            """, "args.ticket" },
        { "base stamp of an unknown field", $$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4, "fields": { "status": 3 } }, "args": { "phone": "+44 1" }
            """, "status" },
        { "callNext with a visitId", $$"""
            "type": "callNext", "visitId": "{{Visit}}", "args": { "deskId": "{{Desk}}" }
            """, "visitId" },
        { "callNext serviceIds not a list", $$"""
            "type": "callNext", "args": { "deskId": "{{Desk}}", "serviceIds": "{{Service}}" }
            """, "serviceIds" },
    };

    [Theory]
    [MemberData(nameof(BadActions))]
    public void ABadActionGivesAReadableErrorAndNoAction(string wrong, string rest, string mentions)
    {
        var (action, reason) = ActionParser.Parse(Wire(rest));
        var error = reason?.English;

        Assert.Null(action);
        Assert.False(string.IsNullOrWhiteSpace(error), wrong);
        Assert.Contains(mentions, error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain('\n', error);
        Assert.InRange(error.Length, 15, 300);
    }

    [Fact]
    public void RegisterParsesTrimmedTextPriorityAndArrivalInUtc()
    {
        var register = Parsed<RegisterAction>($$"""
            "type": "register", "visitId": "{{Visit}}",
            "args": { "serviceId": "{{Service}}", "name": "  Ada Lovelace ", "phone": "", "notes": "wheelchair\nside door",
                      "priority": 1, "arrivedAt": "2026-11-24T10:30:00+01:00", "ticket": 42 }
            """);

        Assert.Equal(Guid.Parse(Visit), register.VisitId);
        Assert.Equal(Guid.Parse(Service), register.ServiceId);
        Assert.Equal("Ada Lovelace", register.Name);
        Assert.Null(register.Phone);
        Assert.Equal("wheelchair\nside door", register.Notes);
        Assert.Equal(1, register.Priority);
        Assert.Equal(new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc), register.ArrivedAt);
        Assert.Equal(DateTimeKind.Utc, register.ArrivedAt!.Value.Kind);
    }

    [Fact]
    public void NotesKeepTheirLineBreaksAsLineFeedsWhicheverConventionSentThem()
    {
        var edit = Parsed<EditAction>($$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 4 }, "args": { "notes": "wheelchair\r\nside door\rbring\u2028form" }
            """);

        Assert.Equal("wheelchair\nside door\nbring\nform", edit.Edits.Single().Value);
    }

    [Fact]
    public void RegisterWithOnlyServiceAndNameDefaultsToNormalPriorityAndNoClaimedArrival()
    {
        var register = Parsed<RegisterAction>($$"""
            "type": "register", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}", "name": "Ada" }
            """);

        Assert.Equal(0, register.Priority);
        Assert.Null(register.ArrivedAt);
        Assert.Null(register.Phone);
        Assert.Null(register.Notes);
    }

    [Fact]
    public void UpdateDetailsParsesEditsAndBaseStamps()
    {
        var edit = Parsed<EditAction>($$"""
            "type": "updateDetails", "visitId": "{{Visit}}", "base": { "version": 41, "fields": { "phone": 38 } },
            "args": { "phone": "+44 20 7946 0000", "priority": 0, "notes": "" }
            """);

        Assert.Equal(Guid.Parse(Visit), edit.VisitId);
        Assert.Equal(
            [new FieldEdit(VisitField.Phone, "+44 20 7946 0000"), new FieldEdit(VisitField.Notes, null), new FieldEdit(VisitField.Priority, 0)],
            edit.Edits.OrderBy(e => e.Field));
        Assert.Equal(41, edit.Base.Version);
        Assert.Equal(38, edit.Base.For(VisitField.Phone));
        Assert.Equal(41, edit.Base.For(VisitField.Name));
    }

    [Theory]
    [InlineData("call", TransitionKind.Call)]
    [InlineData("recall", TransitionKind.Recall)]
    [InlineData("startService", TransitionKind.StartService)]
    public void DeskTransitionsParseWithTheirDesk(string type, TransitionKind kind)
    {
        var move = Parsed<TransitionAction>($$"""
            "type": "{{type}}", "visitId": "{{Visit}}", "args": { "deskId": "{{Desk}}" }
            """);

        Assert.Equal(Guid.Parse(Visit), move.VisitId);
        Assert.Equal(new Transition(kind, Guid.Parse(Desk)), move.Transition);
    }

    [Theory]
    [InlineData("complete", TransitionKind.Complete)]
    [InlineData("noShow", TransitionKind.NoShow)]
    [InlineData("cancel", TransitionKind.Cancel)]
    [InlineData("requeue", TransitionKind.Requeue)]
    [InlineData("reinstate", TransitionKind.Reinstate)]
    public void TransitionsWithoutArgsParse(string type, TransitionKind kind)
    {
        var move = Parsed<TransitionAction>($$"""
            "type": "{{type}}", "visitId": "{{Visit}}", "base": { "version": 12 }
            """);

        Assert.Equal(new TransitionAction(Guid.Parse(Visit), new Transition(kind)), move);
    }

    [Fact]
    public void TransferParsesWithItsService()
    {
        var move = Parsed<TransitionAction>($$"""
            "type": "transfer", "visitId": "{{Visit}}", "args": { "serviceId": "{{Service}}" }
            """);

        Assert.Equal(new Transition(TransitionKind.Transfer, ServiceId: Guid.Parse(Service)), move.Transition);
    }

    [Fact]
    public void CallNextParsesItsDeskAndServices()
    {
        var next = Parsed<CallNextAction>($$"""
            "type": "callNext", "visitId": null, "args": { "deskId": "{{Desk}}", "serviceIds": ["{{Service}}"] }
            """);
        var anyService = Parsed<CallNextAction>($$"""
            "type": "callNext", "args": { "deskId": "{{Desk}}" }
            """);

        Assert.Equal(Guid.Parse(Desk), next.DeskId);
        Assert.Equal([Guid.Parse(Service)], next.ServiceIds!);
        Assert.Null(anyService.ServiceIds);
    }
}
