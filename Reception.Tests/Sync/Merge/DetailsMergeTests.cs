using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

public class DetailsMergeTests
{
    private static readonly DateTime Earlier = new(2026, 11, 24, 9, 10, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc);
    private const long Current = 10;
    private const long Next = 11;

    /// <summary>At version 10: name and priority set at 3, phone at 7, notes at 10.</summary>
    private static readonly VisitState Visit = new(
        Guid.Parse("5f1e0000-0000-0000-0000-000000000001"), Guid.Parse("00000000-0000-0000-0000-0000000000a1"),
        "A-042", "Ada Lovelace", "+44 20 7946 0000", "wheelchair", 0, VisitStatus.Waiting, null,
        Earlier, null, null, null, Earlier, Current, new FieldStamps(Name: 3, Phone: 7, Notes: 10, Priority: 3));

    private static BaseStamps Saw(long version, params (VisitField Field, long Stamp)[] fields) =>
        new(version, fields.ToDictionary(f => f.Field, f => f.Stamp));

    private static FieldEdit[] Edits(params (VisitField Field, object? Value)[] edits) =>
        edits.Select(e => new FieldEdit(e.Field, e.Value)).ToArray();

    [Fact]
    public void AnEditFromTheCurrentVersionAppliesAndStampsItsFields()
    {
        var result = DetailsMerge.Apply(Visit, Edits((VisitField.Phone, "+44 1"), (VisitField.Priority, 1)),
            Saw(Current), Next, Now);

        Assert.True(result.Changed);
        Assert.False(result.IsConflict);
        Assert.Null(result.Reason);
        Assert.Equal("+44 1", result.Visit.Phone);
        Assert.Equal(1, result.Visit.Priority);
        Assert.Equal(new FieldStamps(Name: 3, Phone: Next, Notes: 10, Priority: Next), result.Visit.Stamps);
        Assert.Equal(Next, result.Visit.Version);
        Assert.Equal(Now, result.Visit.UpdatedAt);
        Assert.Equal(Announcement.None, result.Announce);
    }

    [Fact]
    public void AStaleEditOfANewerFieldConflictsWhileTheOtherFieldsApply()
    {
        // The client saw version 5; phone was set at 7 since, name at 3 before.
        var result = DetailsMerge.Apply(Visit, Edits((VisitField.Phone, "+44 1"), (VisitField.Name, "Ada King")),
            Saw(5), Next, Now);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(new FieldConflict("phone", "+44 20 7946 0000", 7), conflict);
        Assert.True(result.Changed);
        Assert.Equal("Ada King", result.Visit.Name);
        Assert.Equal("+44 20 7946 0000", result.Visit.Phone);
        Assert.Equal(new FieldStamps(Name: Next, Phone: 7, Notes: 10, Priority: 3), result.Visit.Stamps);
        Assert.Equal(Next, result.Visit.Version);
        Assert.Contains("phone", result.Reason?.English);
        Assert.Contains("A-042", result.Reason?.English);
    }

    [Fact]
    public void AnEditWhoseEveryFieldConflictsChangesNothing()
    {
        var result = DetailsMerge.Apply(Visit, Edits((VisitField.Notes, "late"), (VisitField.Phone, null)),
            Saw(5), Next, Now);

        Assert.False(result.Changed);
        Assert.Equal(Visit, result.Visit);
        Assert.Equal(["notes", "phone"], result.Conflicts.Select(c => c.Field).Order());
        Assert.Contains(new FieldConflict("notes", "wheelchair", 10), result.Conflicts);
    }

    [Theory]
    [InlineData(VisitField.Phone, "+44 20 7946 0000")]
    [InlineData(VisitField.Notes, "wheelchair")]
    [InlineData(VisitField.Priority, 0)]
    public void AStaleEditToTheValueTheServerHoldsIsNeitherAChangeNorAConflict(VisitField field, object value)
    {
        var result = DetailsMerge.Apply(Visit, Edits((field, value)), Saw(1), Next, Now);

        Assert.False(result.Changed);
        Assert.False(result.IsConflict);
        Assert.Null(result.Reason);
        Assert.Equal(Visit, result.Visit);
    }

    [Fact]
    public void ClearingAFieldThatIsAlreadyEmptyIsNeitherAChangeNorAConflict()
    {
        var visit = Visit with { Phone = null };

        var result = DetailsMerge.Apply(visit, Edits((VisitField.Phone, null)), Saw(1), Next, Now);

        Assert.False(result.Changed);
        Assert.False(result.IsConflict);
    }

    [Fact]
    public void AnOlderPerFieldStampOverridesACurrentBaseVersion()
    {
        // The client has version 10 but says it last saw phone as set at 5: phone (set at 7) conflicts.
        var result = DetailsMerge.Apply(Visit, Edits((VisitField.Phone, "+44 1"), (VisitField.Name, "Ada King")),
            Saw(Current, (VisitField.Phone, 5)), Next, Now);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("phone", conflict.Field);
        Assert.Equal("Ada King", result.Visit.Name);
    }

    [Fact]
    public void ACurrentPerFieldStampOverridesAnOldBaseVersion()
    {
        // The client's visit is old (5), but it saw the phone as set at 7, which is still the server's stamp.
        var result = DetailsMerge.Apply(Visit, Edits((VisitField.Phone, "+44 1")), Saw(5, (VisitField.Phone, 7)), Next, Now);

        Assert.False(result.IsConflict);
        Assert.Equal("+44 1", result.Visit.Phone);
        Assert.Equal(Next, result.Visit.Stamps.Phone);
    }

    [Fact]
    public void EditsOfDistinctFieldsByTwoClientsBothSurviveInEitherOrder()
    {
        var name = Edits((VisitField.Name, "Ada King"));
        var phone = Edits((VisitField.Phone, "+44 1"));

        var nameFirst = DetailsMerge.Apply(DetailsMerge.Apply(Visit, name, Saw(Current), Next, Now).Visit,
            phone, Saw(Current), Next + 1, Now);
        var phoneFirst = DetailsMerge.Apply(DetailsMerge.Apply(Visit, phone, Saw(Current), Next, Now).Visit,
            name, Saw(Current), Next + 1, Now);

        foreach (var result in new[] { nameFirst, phoneFirst })
        {
            Assert.False(result.IsConflict);
            Assert.Equal("Ada King", result.Visit.Name);
            Assert.Equal("+44 1", result.Visit.Phone);
            Assert.Equal(Next + 1, result.Visit.Version);
        }
    }

    [Fact]
    public void TheSecondOfTwoEditsOfTheSameFieldFromTheSameBaseConflictsWithTheFirst()
    {
        var first = DetailsMerge.Apply(Visit, Edits((VisitField.Notes, "late")), Saw(Current), Next, Now);

        var second = DetailsMerge.Apply(first.Visit, Edits((VisitField.Notes, "early")), Saw(Current), Next + 1, Now);

        Assert.Equal(new FieldConflict("notes", "late", Next), Assert.Single(second.Conflicts));
        Assert.False(second.Changed);
        Assert.Equal("late", second.Visit.Notes);
    }
}
