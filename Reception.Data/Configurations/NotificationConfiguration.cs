using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Ticket).HasMaxLength(16);
        b.Property(x => x.DeskName).HasMaxLength(100);
        b.Property(x => x.Message).HasMaxLength(1000);
        b.HasIndex(x => new { x.BranchId, x.Id });
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}
