using Reception.Data.Model;

namespace Reception.Tests.Infrastructure;

/// <summary>A branch made for one test: two services, three desks (desk 1 serves both services).</summary>
public sealed record TestBranch(Guid Id, string Slug, Guid General, Guid Billing, Guid Desk1, Guid Desk2, Guid Desk3)
{
    public static async Task<TestBranch> CreateAsync(ReceptionApp app)
    {
        var slug = "b-" + Guid.NewGuid().ToString("N")[..12];
        var general = new Service { Id = Guid.NewGuid(), Name = "General", Prefix = "A", SortOrder = 1 };
        var billing = new Service { Id = Guid.NewGuid(), Name = "Billing", Prefix = "B", SortOrder = 2 };
        var branch = new Branch
        {
            Id = Guid.NewGuid(), Slug = slug, Name = "Test " + slug, CreatedAt = DateTime.UtcNow,
            Services = [general, billing],
            Desks =
            [
                new Desk { Id = Guid.NewGuid(), Name = "Desk 1", SortOrder = 1, Services = [general, billing] },
                new Desk { Id = Guid.NewGuid(), Name = "Desk 2", SortOrder = 2, Services = [general, billing] },
                new Desk { Id = Guid.NewGuid(), Name = "Desk 3", SortOrder = 3, Services = [billing] },
            ],
        };
        await app.WithDbAsync(async db =>
        {
            db.Branches.Add(branch);
            return await db.SaveChangesAsync();
        });
        return new TestBranch(branch.Id, slug, general.Id, billing.Id, branch.Desks[0].Id, branch.Desks[1].Id,
            branch.Desks[2].Id);
    }
}
