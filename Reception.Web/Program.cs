using Reception.Web.Demo;
using Reception.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The browser client lives in the repository's top-level wwwroot/, beside the projects.
    WebRootPath = WebRoot.Locate(),
});

builder.AddReceptionCore();        // data (SQLite or PostgreSQL), sync engine, Mediator
builder.AddReceptionIdentity();    // users and roles (ASP.NET Core Identity)
builder.AddDemo();                 // the demo branch, seeded on an empty database
builder.AddReceptionHealth();      // /health/live, /health/ready
builder.Services.AddRazorPages();

var app = builder.Build();

await app.InitialiseDatabaseAsync(app.Lifetime.ApplicationStopping);

app.UseStaticFiles();
app.UseRouting();
app.MapReceptionHealth();
app.MapRazorPages();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
