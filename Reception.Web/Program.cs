using Reception.Web.Api;
using Reception.Web.Auth;
using Reception.Web.Demo;
using Reception.Web.Display;
using Reception.Web.Kiosk;
using Reception.Web.Infrastructure;
using Reception.Web.Join;
using Reception.Web.Languages;
using Reception.Web.Jobs;
using Reception.Web.Live;
using Reception.Web.Pages;
using Reception.Web.Telemetry;
using Reception.Web.Visitors;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The browser client lives in the repository's top-level wwwroot/, beside the projects.
    WebRootPath = WebRoot.Locate(),
});

builder.UseReceptionDefaultAddress(); // http://localhost:5080 unless ASPNETCORE_URLS, --urls or ports say otherwise
builder.AddReceptionCore();        // data (SQLite or PostgreSQL), sync engine, Mediator
builder.AddReceptionIdentity();    // users and roles (ASP.NET Core Identity)
builder.AddReceptionKeyRing();     // cookies' and form tokens' keys in the database, shared by every instance
builder.AddReceptionAuth();        // cookie for pages; bearer tokens and API keys for REST
builder.AddReceptionApi();         // problem details, rate limits, OpenAPI
builder.AddReceptionLive();        // the SignalR hub and its per-branch broadcasts
builder.AddReceptionDisplay();     // public "now serving" screens: display tokens, their read-only hub
builder.AddReceptionKiosk();       // self check-in kiosks: kiosk tokens, their hub and registrations
builder.AddReceptionVisitors();    // visitors' status pages (/v/{code}): their hub and live refresh
builder.AddReceptionJoin();        // remote joining (/join/{branch}): caps per device and address
builder.AddReceptionLanguages();   // the catalog (en, de, es, ar) and each request's language: cookie, then Accept-Language
builder.AddReceptionJobs();        // Hangfire retries of the durable inbox
builder.AddDemo();                 // the demo branch, seeded on an empty database
builder.AddReceptionHealth();      // /health/live, /health/ready
builder.AddReceptionTelemetry();   // OpenTelemetry: reception.* metrics and traces, OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
builder.AddReceptionSecurityHeaders(); // CSP, nosniff, no framing, referrer policy on every response; no Server header
builder.AddReceptionForwardedHeaders(); // which proxy may say who the client is
builder.Services.AddRazorPages()    // validation messages are catalog keys, worded in the request's language
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, _) => Reception.Web.Languages.CatalogLocalizer.Instance)
    .AddMvcOptions(o => Reception.Web.Languages.CatalogLocalizer.WordBinding(o.ModelBindingMessageProvider));

var app = builder.Build();

await app.InitialiseDatabaseAsync(app.Lifetime.ApplicationStopping);

app.UseReceptionForwardedHeaders(); // behind the load balancer: the client's scheme and address
app.UseReceptionLanguages();       // the request's language, before any page or problem is written
app.UseReceptionApiErrors();       // every error under /api as RFC 9457 problem details
app.UseReceptionStatusPages();     // a person's 403/404 is a Reception page with a way back
app.UseReceptionOriginCheck();     // the hub's handshake must come from this site
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();              // per client, after authentication identified it
app.MapReceptionHealth();
app.MapReceptionMetrics();         // /metrics (Prometheus): admins only, or alone on Reception:Telemetry:MetricsPort
app.MapReceptionApi();             // /api/v1, /openapi/v1.json, /api/docs
app.MapReceptionLive();            // /hubs/queue
app.MapReceptionDisplay();         // /hubs/display, for screens with a display token
app.MapReceptionKiosk();           // /hubs/kiosk and /kiosk/{branch}/push, for kiosks with a kiosk token
app.MapReceptionVisitors();        // /hubs/visitor and the status page's QR code
app.MapReceptionJobs();            // /hangfire, admins only
app.MapRazorPages();

app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
