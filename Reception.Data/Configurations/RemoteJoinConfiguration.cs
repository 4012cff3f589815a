using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class RemoteJoinConfiguration : IEntityTypeConfiguration<RemoteJoin>
{
    public void Configure(EntityTypeBuilder<RemoteJoin> b)
    {
        b.HasKey(x => x.VisitId);
        b.Property(x => x.Device).HasMaxLength(64);
        b.Property(x => x.Address).HasMaxLength(64);
        b.HasIndex(x => x.Device);
        b.HasIndex(x => x.Address);
    }
}
