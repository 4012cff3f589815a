using Reception.Sync.Wire;
using CsCheck;
using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>The laws stated on StatusMachine and DetailsMerge, over random inputs.</summary>
public class MergeLawsProperties
{
    private const int Iterations = 500;
    private static readonly DateTime Start = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid[] Desks = [Guid.Parse("00000000-0000-0000-0000-0000000000d1"),
        Guid.Parse("00000000-0000-0000-0000-0000000000d2"), Guid.Parse("00000000-0000-0000-0000-0000000000d3")];
    private static readonly Guid[] Services = [Guid.Parse("00000000-0000-0000-0000-0000000000a1"),
        Guid.Parse("00000000-0000-0000-0000-0000000000b1")];

    private static readonly HashSet<VisitStatus> Reachable =
        [VisitStatus.Waiting, .. StatusMachine.Rules.Values.Select(r => r.To)];

    private static readonly VisitState Fresh = Registration.Create(Guid.Parse("5f1e0000-0000-0000-0000-000000000001"),
        Services[0], "A-001", "Ada", null, null, 0, Start, 1, Start);

    // Closing transitions are rarer, so that histories often get as far as serving and done.
    private static readonly Gen<TransitionKind> GenKind = Gen.Frequency(
        (4, Gen.Const(TransitionKind.Call)), (2, Gen.Const(TransitionKind.Recall)),
        (4, Gen.Const(TransitionKind.StartService)), (2, Gen.Const(TransitionKind.Complete)),
        (1, Gen.Const(TransitionKind.NoShow)), (1, Gen.Const(TransitionKind.Cancel)),
        (2, Gen.Const(TransitionKind.Requeue)), (2, Gen.Const(TransitionKind.Transfer)),
        (1, Gen.Const(TransitionKind.Reinstate)));

    // Desks only on the transitions that take one, a service only on transfer: as ActionParser builds them.
    private static readonly Gen<Transition> GenTransition =
        Gen.Select(GenKind, Gen.Int[0, 2], Gen.Int[0, 1], (kind, desk, service) => new Transition(kind,
            kind is TransitionKind.Call or TransitionKind.Recall or TransitionKind.StartService ? Desks[desk] : null,
            kind == TransitionKind.Transfer ? Services[service] : null,
            kind == TransitionKind.Reinstate ? Fresh.Day : null));

    private static readonly Gen<Transition[]> GenHistory = GenTransition.Array[0, 12];

    private static (VisitState Visit, long Version) Replay(IEnumerable<Transition> history)
    {
        var (visit, version) = (Fresh, Fresh.Version);
        foreach (var t in history)
        {
            version++;
            visit = StatusMachine.Apply(visit, t, version, Start.AddMinutes(version)).Visit;
        }

        return (visit, version);
    }

    [Fact]
    public void TheMachineOnlyReachesRuleTargetsAndLeavesAFinalStatusOnlyByASameDayReinstate() =>
        GenHistory.Sample(history =>
        {
            var (visit, version) = (Fresh, Fresh.Version);
            foreach (var t in history)
            {
                version++;
                var result = StatusMachine.Apply(visit, t, version, Start.AddMinutes(version));

                Assert.Contains(result.Visit.Status, Reachable);
                Assert.True(result.Visit.Version >= visit.Version);
                if (result.Visit.Status is VisitStatus.Waiting) Assert.Null(result.Visit.DeskId);
                if (result.Visit.Status is VisitStatus.Called or VisitStatus.Serving) Assert.NotNull(result.Visit.DeskId);
                if (visit.IsFinal && !(t.Kind == TransitionKind.Reinstate && visit.Status != VisitStatus.Done))
                {
                    Assert.False(result.Changed);
                    Assert.Equal(visit, result.Visit);
                }

                visit = result.Visit;
            }
        }, iter: Iterations);

    [Fact]
    public void ATransitionAppliedTwiceInARowEqualsItAppliedOnce() =>
        Gen.Select(GenHistory, GenTransition).Sample((history, t) =>
        {
            var (visit, version) = Replay(history);
            var once = StatusMachine.Apply(visit, t, version + 1, Start.AddDays(1));
            var twice = StatusMachine.Apply(once.Visit, t, version + 2, Start.AddDays(2));

            if (t.Kind == TransitionKind.Recall && once.Changed)
            {
                // Each recall is announced again; only the stamps of the change move.
                Assert.True(twice.Changed);
                Assert.Equal(Announcement.Recalled, twice.Announce);
                Assert.Equal(once.Visit with { Version = version + 2, UpdatedAt = Start.AddDays(2) }, twice.Visit);
                return;
            }

            Assert.False(twice.Changed);
            Assert.Equal(once.Visit, twice.Visit);
            Assert.Equal(once.IsConflict, twice.IsConflict);
        }, iter: Iterations);

    private static readonly Gen<VisitStatus> GenClosed = Gen.OneOf(Gen.Const(VisitStatus.NoShow), Gen.Const(VisitStatus.Cancelled));

    private static readonly Transition Reinstate = new(TransitionKind.Reinstate, Today: Fresh.Day);

    [Fact]
    public void AReinstateAndAnEditOfTheDetailsCommute() =>
        Gen.Select(GenEdits, GenClosed).Sample((c, closed) =>
        {
            var visit = c.Visit with { Status = closed, CompletedAt = Start };
            var edit = c.A.Concat(c.B).ToArray();
            var reinstateFirst = StatusMachine.Apply(visit, Reinstate, 100, Start.AddMinutes(1)).Visit;
            var thenEdit = DetailsMerge.Apply(reinstateFirst, edit, c.Base, 101, Start.AddMinutes(2)).Visit;
            var editFirst = DetailsMerge.Apply(visit, edit, c.Base, 100, Start.AddMinutes(1)).Visit;
            var thenReinstate = StatusMachine.Apply(editFirst, Reinstate, 101, Start.AddMinutes(2)).Visit;

            Assert.Equal(Values(thenEdit), Values(thenReinstate));
            Assert.Equal(VisitStatus.Waiting, thenEdit.Status);
            Assert.Equal(thenEdit.Status, thenReinstate.Status);
            Assert.Equal(thenEdit.Ticket, thenReinstate.Ticket);
            Assert.Equal(thenEdit.DeskId, thenReinstate.DeskId);
            Assert.Equal(thenEdit.ArrivedAt, thenReinstate.ArrivedAt);
        }, iter: Iterations);

    [Fact]
    public void TwoDesksReinstatingIsOneReinstate() =>
        GenHistory.Sample(history =>
        {
            var (visit, version) = Replay(history);
            var once = StatusMachine.Apply(visit, Reinstate, version + 1, Start.AddDays(1));
            var twice = StatusMachine.Apply(once.Visit, Reinstate, version + 2, Start.AddDays(2));

            Assert.False(twice.Changed);
            Assert.Equal(once.Visit, twice.Visit);
            if (visit.Status is VisitStatus.NoShow or VisitStatus.Cancelled)
            {
                Assert.True(once.Changed);
                Assert.False(twice.IsConflict || twice.IsRejected);   // the second desk's is a no-op success
            }
        }, iter: Iterations);

    [Fact]
    public void ACallOnAClosedVisitChangesNothingWhetherOrNotAReinstateFollows() =>
        Gen.Select(GenClosed, Gen.Int[0, 2]).Sample((closed, desk) =>
        {
            var visit = Fresh with { Status = closed, CompletedAt = Start };
            var call = new Transition(TransitionKind.Call, Desks[desk]);

            var refused = StatusMachine.Apply(visit, call, 2, Start.AddMinutes(1));
            var reinstated = StatusMachine.Apply(refused.Visit, Reinstate, 3, Start.AddMinutes(2));
            var reinstatedFirst = StatusMachine.Apply(visit, Reinstate, 2, Start.AddMinutes(2));

            Assert.True(refused.IsConflict);
            Assert.Equal(visit, refused.Visit);
            // The refused call left no trace: the reinstate lands as if the call never came.
            Assert.Equal(reinstatedFirst.Visit with { Version = 3 }, reinstated.Visit);
        }, iter: 50);

    [Fact]
    public void AReinstateOfADoneOrAnotherDaysVisitIsRejectedAndChangesNothing() =>
        Gen.Select(GenClosed, Gen.Int[1, 400], Gen.Bool).Sample((closed, daysBack, done) =>
        {
            var today = DateOnly.FromDateTime(Start);
            var visit = Fresh with { Status = done ? VisitStatus.Done : closed, Day = done ? today : today.AddDays(-daysBack) };

            var result = StatusMachine.Apply(visit, Reinstate with { Today = today }, 2, Start);

            Assert.True(result.IsRejected);
            Assert.Equal(done ? ReasonCodes.ReinstateDone : ReasonCodes.ReinstateOtherDay, result.Reason?.Code);
            Assert.False(result.Changed);
            Assert.Equal(visit, result.Visit);
        }, iter: Iterations);

    // Small pools, so that edits often hit the value the server already holds.
    private static readonly Gen<object?[]> GenValues = Gen.Select(
        Gen.OneOf("Ada", "Grace", "Alan"), Gen.OneOf<string?>(null, "+44 1", "+44 2"),
        Gen.OneOf<string?>(null, "late", "wheelchair"), Gen.Int[0, 1],
        (name, phone, notes, priority) => new object?[] { name, phone, notes, priority });

    // Stamps up to 15 against a base up to 15: some fields changed after the client looked, some not.
    private static readonly Gen<VisitState> GenVisit = Gen.Select(GenValues, Gen.Int[1, 15].Array[4], (values, s) =>
        Fresh with
        {
            Name = (string)values[0]!, Phone = (string?)values[1], Notes = (string?)values[2], Priority = (int)values[3]!,
            Stamps = new FieldStamps(s[0], s[1], s[2], s[3]), Version = s.Max(),
        });

    private static readonly Gen<BaseStamps> GenBase = Gen.Select(Gen.Int[1, 15], Gen.Int[-8, 15].Array[4], (version, fields) =>
        new BaseStamps(version, Enum.GetValues<VisitField>().Where(f => fields[(int)f] > 0)
            .ToDictionary(f => f, f => (long)fields[(int)f])));

    /// <summary>Two edits from one base; each field belongs to A, to B, or to neither, so A and B are disjoint.</summary>
    public sealed record EditCase(VisitState Visit, BaseStamps Base, FieldEdit[] A, FieldEdit[] B)
    {
        public override string ToString() =>
            $"{Visit} base {Base.Version} [{string.Join(", ", Base.Fields.Select(f => $"{f.Key}:{f.Value}"))}] " +
            $"A [{string.Join(", ", A.Select(e => $"{e.Field}={e.Value ?? "null"}"))}] " +
            $"B [{string.Join(", ", B.Select(e => $"{e.Field}={e.Value ?? "null"}"))}]";
    }

    private static readonly Gen<EditCase> GenEdits = Gen.Select(GenVisit, GenBase, Gen.Int[0, 2].Array[4], GenValues,
        (visit, seen, owner, values) =>
        {
            FieldEdit[] Of(int who) => Enum.GetValues<VisitField>().Where(f => owner[(int)f] == who)
                .Select(f => new FieldEdit(f, values[(int)f])).ToArray();
            return new EditCase(visit, seen, Of(1), Of(2));
        });

    private static object?[] Values(VisitState v) => [v.Name, v.Phone, v.Notes, v.Priority];

    [Fact]
    public void EditsOfDisjointFieldsFromOneBaseCommute() =>
        GenEdits.Sample(c =>
        {
            var aFirst = DetailsMerge.Apply(c.Visit, c.A, c.Base, 100, Start);
            var aThenB = DetailsMerge.Apply(aFirst.Visit, c.B, c.Base, 101, Start);
            var bFirst = DetailsMerge.Apply(c.Visit, c.B, c.Base, 100, Start);
            var bThenA = DetailsMerge.Apply(bFirst.Visit, c.A, c.Base, 101, Start);

            Assert.Equal(Values(aThenB.Visit), Values(bThenA.Visit));
            Assert.Equal(
                aFirst.Conflicts.Concat(aThenB.Conflicts).Select(x => x.Field).Order(),
                bFirst.Conflicts.Concat(bThenA.Conflicts).Select(x => x.Field).Order());
        }, iter: Iterations);

    [Fact]
    public void AnEditAppliedTwiceEqualsItAppliedOnce() =>
        GenEdits.Sample(c =>
        {
            var edit = c.A.Concat(c.B).ToArray();
            var once = DetailsMerge.Apply(c.Visit, edit, c.Base, 100, Start);
            var twice = DetailsMerge.Apply(once.Visit, edit, c.Base, 101, Start.AddMinutes(1));

            Assert.Equal(Values(once.Visit), Values(twice.Visit));
            Assert.Equal(once.Visit, twice.Visit);
            Assert.False(twice.Changed);
            Assert.Equal(once.Conflicts, twice.Conflicts);
        }, iter: Iterations);
}
