using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(4);
        b.HasIndex(x => new { x.BranchId, x.Prefix }).IsUnique();
        b.Property(x => x.KioskName).HasConversion<string>().HasMaxLength(16).HasDefaultValue(NameAsk.Optional).HasSentinel((NameAsk)(-1));
    }
}
