using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> b)
    {
        // The key is the pull index: changes of a branch after a version.
        b.HasKey(x => new { x.BranchId, x.Version });
        b.Property(x => x.By).HasMaxLength(256);
        b.HasIndex(x => x.VisitId);
    }
}
