// Licensed to the .NET Foundation under one or more agreements.
// The .NET Foundation licenses this file to you under the MIT license.
export { AbortError, HttpError, TimeoutError } from "./Errors.js";
export { HttpClient, HttpResponse } from "./HttpClient.js";
export { DefaultHttpClient } from "./DefaultHttpClient.js";
export { HubConnection, HubConnectionState } from "./HubConnection.js";
export { HubConnectionBuilder } from "./HubConnectionBuilder.js";
export { MessageType } from "./IHubProtocol.js";
export { LogLevel } from "./ILogger.js";
export { HttpTransportType, TransferFormat } from "./ITransport.js";
export { NullLogger } from "./Loggers.js";
export { JsonHubProtocol } from "./JsonHubProtocol.js";
export { Subject } from "./Subject.js";
export { VERSION } from "./Utils.js";
