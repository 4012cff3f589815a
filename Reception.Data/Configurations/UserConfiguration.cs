using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<ReceptionUser>
{
    public void Configure(EntityTypeBuilder<ReceptionUser> b) => b.Property(x => x.Language).HasMaxLength(16);
}
