# The Reception web image: one instance; docker-compose.yml runs two behind nginx.
# Configuration comes only from the environment (ConnectionStrings__Reception, ConnectionStrings__Redis,
# Reception__Auth__SigningKey, ...); nothing secret is baked in.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so that a code change does not restore again.
COPY Directory.Build.props Directory.Packages.props ./
COPY Reception.Data/Reception.Data.csproj Reception.Data/
COPY Reception.Sync/Reception.Sync.csproj Reception.Sync/
COPY Reception.Web/Reception.Web.csproj Reception.Web/
RUN dotnet restore Reception.Web/Reception.Web.csproj
COPY Reception.Data/ Reception.Data/
COPY Reception.Sync/ Reception.Sync/
COPY Reception.Web/ Reception.Web/
RUN dotnet publish Reception.Web/Reception.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The browser client lives in the repository's top-level wwwroot/ (vendored libraries included);
# WebRoot.Locate finds it beside the app.
COPY wwwroot ./wwwroot
# Nothing to mount: the keys of cookies and anti-forgery tokens are kept in the database, where
# every instance on it reads them.
USER $APP_UID
# The base image listens on ASPNETCORE_HTTP_PORTS=8080.
EXPOSE 8080
ENTRYPOINT ["dotnet", "Reception.Web.dll"]
