import { weightedList, type WeightedList } from './random.ts';

/**
 * ActionType values per table, with rough shares seen in real tenants. `listed` are the values the
 * project's OCSF mapping names (the mappers under lambda/ocsf/tables); `unlisted` are real-looking
 * values it does not name (aggregated reports, newer sensors), so the normalizer's "unknown
 * ActionType" path gets exercised. Microsoft does not publish the full lists.
 */
export interface TableActionTypes {
  readonly listed: WeightedList<string>;
  readonly unlisted: readonly string[];
}

/** Share of rows that carry an unlisted ActionType. */
export const UNLISTED_ACTION_TYPE_SHARE = 0.01;

const table = (listed: Record<string, number>, unlisted: readonly string[]): TableActionTypes => ({
  listed: weightedList(Object.entries(listed)),
  unlisted,
});

export const ACTION_TYPES: Readonly<Record<string, TableActionTypes>> = {
  DeviceProcessEvents: table({ ProcessCreated: 1 }, ['ProcessCreatedAggregatedReport']),
  DeviceNetworkEvents: table(
    {
      ConnectionSuccess: 52,
      ConnectionFailed: 6,
      ConnectionRequest: 4,
      ConnectionAttempt: 3,
      ConnectionAcknowledged: 2,
      InboundConnectionAccepted: 8,
      ListeningConnectionCreated: 3,
      ConnectionFound: 2,
      DnsConnectionInspected: 8,
      HttpConnectionInspected: 3,
      SslConnectionInspected: 5,
      SshConnectionInspected: 0.5,
      IcmpConnectionInspected: 1,
      NetworkSignatureInspected: 1,
      FtpConnectionInspected: 0.2,
      SmtpConnectionInspected: 0.3,
    },
    ['ConnectionSuccessAggregatedReport', 'ConnectionFailedAggregatedReport', 'NtlmAuthenticationInspected'],
  ),
  DeviceFileEvents: table(
    { FileCreated: 42, FileModified: 33, FileDeleted: 13, FileRenamed: 12 },
    ['FileCreatedAggregatedReport', 'FileModifiedAggregatedReport'],
  ),
  DeviceLogonEvents: table(
    { LogonSuccess: 78, LogonFailed: 17, LogonAttempted: 5 },
    ['LogonSuccessAggregatedReport', 'LogonFailedAggregatedReport'],
  ),
  DeviceRegistryEvents: table(
    { RegistryValueSet: 70, RegistryKeyCreated: 12, RegistryKeyDeleted: 6, RegistryValueDeleted: 10, RegistryKeyRenamed: 2 },
    ['RegistryValueSetAggregatedReport'],
  ),
  DeviceImageLoadEvents: table({ ImageLoaded: 1 }, ['ImageLoadedAggregatedReport']),
  DeviceEvents: table(
    {
      OpenProcessApiCall: 14,
      NamedPipeEvent: 12,
      PowerShellCommand: 9,
      ProcessCreatedUsingWmiQuery: 3,
      CreateRemoteThreadApiCall: 3,
      ReadProcessMemoryApiCall: 2,
      NtAllocateVirtualMemoryRemoteApiCall: 2,
      NtProtectVirtualMemoryApiCall: 1,
      DnsQueryResponse: 6,
      LdapSearch: 3,
      FirewallInboundConnectionBlocked: 5,
      FirewallOutboundConnectionBlocked: 1,
      BrowserLaunchedToOpenUrl: 3,
      ScheduledTaskUpdated: 2,
      ScheduledTaskCreated: 1,
      ScheduledTaskDeleted: 0.5,
      ServiceInstalled: 1,
      DriverLoad: 2,
      ClrUnbackedModuleLoaded: 1,
      ShellLinkCreateFileEvent: 3,
      GetClipboardData: 2,
      ScreenshotTaken: 1,
      DpapiAccessed: 2,
      ProcessPrimaryTokenModified: 1,
      AuditPolicyModification: 0.5,
      LogonRightsSettingEnabled: 0.5,
      SmartScreenUrlWarning: 1,
      SmartScreenAppWarning: 0.5,
      AntivirusDetection: 0.4,
      AntivirusReport: 0.3,
      AntivirusScanCompleted: 0.5,
      AsrOfficeChildProcessAudited: 0.5,
      AsrLsassCredentialTheftBlocked: 0.2,
      ExploitGuardNonMicrosoftSignedBlocked: 0.2,
      ControlledFolderAccessViolationBlocked: 0.1,
      AppControlCodeIntegrityPolicyAudited: 0.5,
      TamperingAttempt: 0.1,
      UsbDriveMounted: 0.3,
      PnpDeviceConnected: 1,
      UserAccountCreated: 0.1,
      UserAccountAddedToLocalGroup: 0.1,
      SecurityLogCleared: 0.05,
      RemoteDesktopConnection: 0.3,
      WmiBindEventFilterToConsumer: 0.1,
      OtherAlertRelatedActivity: 0.2,
    },
    ['NetworkProtectionUserBypassEvent', 'SensitiveFileRead', 'BluetoothPolicyTriggered', 'DeviceBootAttestationInfo'],
  ),
  CloudAppEvents: table(
    {
      FileAccessed: 20,
      FileModified: 10,
      FileDownloaded: 6,
      FileUploaded: 5,
      FilePreviewed: 6,
      FileDeleted: 1.5,
      FileRecycled: 1,
      FileRenamed: 0.5,
      FileSyncDownloadedFull: 1,
      MailItemsAccessed: 15,
      Send: 4,
      MessageSent: 8,
      UserLoggedIn: 10,
      UserLoginFailed: 1,
      SharingSet: 1,
      AnonymousLinkCreated: 0.3,
      SharingInvitationCreated: 0.5,
      'New-InboxRule': 0.1,
      'Set-Mailbox': 0.2,
      'Add member to group.': 0.2,
      'Update user.': 0.3,
    },
    ['SearchQueryPerformed', 'PageViewed', 'ChatRetrieved'],
  ),
  EmailPostDeliveryEvents: table(
    {
      'Phish ZAP': 30,
      'Malware ZAP': 8,
      'Spam ZAP': 35,
      'Manual Remediation': 15,
      Redelivery: 5,
      'Phish delivered due to an IP allow policy': 3,
      'Malware delivered due to an IP allow policy': 1,
    },
    ['Dynamic Delivery', 'High confidence phish ZAP'],
  ),
  UrlClickEvents: table(
    { ClickAllowed: 86, ClickBlocked: 7, ClickBlockedByTenantPolicy: 2, UrlErrorPage: 3, UrlScanInProgress: 2 },
    ['ClickAllowedByTenantPolicy'],
  ),
  IdentityLogonEvents: table({ LogonSuccess: 85, LogonFailed: 15 }, ['LogonAttempted']),
  IdentityQueryEvents: table(
    { 'LDAP query': 45, 'SAMR query': 20, 'DNS query': 25, 'SMB session enumeration': 6, 'Network session enumeration': 4 },
    ['LDAP query (Security principals)'],
  ),
  IdentityDirectoryEvents: table(
    {
      'Account Password changed': 20,
      'Account Password Reset': 4,
      'Account enabled': 3,
      'Account disabled': 5,
      'Account locked': 4,
      'Account Unlocked': 3,
      'Account created': 3,
      'Account deleted': 1,
      'Account Display Name changed': 2,
      'Account Upn Name changed': 1,
      'Account Path changed': 2,
      'User Account Control change': 3,
      'Group Membership changed': 25,
      'Directory Services replication': 1,
      'Device Operating System changed': 4,
      'Service creation': 2,
      'PowerShell execution': 3,
      'Wmi execution': 2,
      'Task scheduling': 2,
      'SMB file copy': 3,
    },
    ['Account Password Never Expires changed', 'Account Supported Encryption Types changed'],
  ),
  BehaviorInfo: table(
    { ImpossibleTravelActivity: 3, MassDownload: 2, SuspiciousInboxForwarding: 1, MultipleFailedLoginAttempts: 4, UnusualAdditionOfCredentialsToAnOauthApp: 1 },
    ['SuspiciousEmailDeletionActivity'],
  ),
  BehaviorEntities: table(
    { ImpossibleTravelActivity: 3, MassDownload: 2, SuspiciousInboxForwarding: 1, MultipleFailedLoginAttempts: 4, UnusualAdditionOfCredentialsToAnOauthApp: 1 },
    ['SuspiciousEmailDeletionActivity'],
  ),
};
