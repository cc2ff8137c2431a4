import { deriveSeed, Random, weightedList } from './random.ts';

/**
 * Realistic column values for generated Defender rows. A tenant gets a small, stable world
 * (devices, users, binaries with fixed hashes, remote hosts) so that rows repeat entities the way a
 * real export does; each row then picks from that world and adds its own per-event values.
 * Values follow the wire shapes of real exports (captured rows, Microsoft's table reference); the variants that
 * are quirks (odd timestamp precision, booleans as 0/"true", dynamic columns as strings, mapped
 * IPv4 addresses, mojibake) appear only when the row asks for quirks.
 */

// ---------------------------------------------------------------- catalogs

interface Binary {
  readonly name: string;
  readonly path: string;
  readonly company: string | null;
  readonly product: string | null;
  readonly version: string | null;
  readonly description: string | null;
  readonly internal: string | null;
  readonly original: string | null;
  readonly size: number;
  readonly signer: 'OsVendor' | 'Microsoft' | 'Trusted' | 'Unknown';
  /** `{user}`, `{host}`, `{domain}`, `{guid}`, `{n}`, `{file}` are filled per row. */
  readonly commandLines: readonly string[];
  readonly weight: number;
  readonly runsAs: 'user' | 'system' | 'service';
}

const WINDOWS = 'Microsoft® Windows® Operating System';
const bin = (
  name: string, path: string, description: string | null, size: number, weight: number, runsAs: Binary['runsAs'],
  commandLines: readonly string[], vendor: Partial<Pick<Binary, 'company' | 'product' | 'version' | 'internal' | 'original' | 'signer'>> = {},
): Binary => ({
  name, path, description, size, weight, runsAs, commandLines,
  company: vendor.company === undefined ? 'Microsoft Corporation' : vendor.company,
  product: vendor.product === undefined ? WINDOWS : vendor.product,
  version: vendor.version === undefined ? '10.0.22621.3085' : vendor.version,
  internal: vendor.internal === undefined ? name.replace(/\.exe$|\.dll$/i, '') : vendor.internal,
  original: vendor.original === undefined ? `${name}.MUI` : vendor.original,
  signer: vendor.signer ?? 'OsVendor',
});

const BINARIES: readonly Binary[] = [
  bin('svchost.exe', 'C:\\Windows\\System32\\svchost.exe', 'Host Process for Windows Services', 57360, 14, 'system',
    ['C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', 'C:\\Windows\\System32\\svchost.exe -k NetworkService -p -s Dnscache', 'C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog', 'C:\\Windows\\System32\\svchost.exe -k wsappx -p -s AppXSvc']),
  bin('msedge.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge', 4187648, 10, 'user',
    ['"msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none', '"msedge.exe" --profile-directory=Default', '"msedge.exe" --type=renderer --lang=de --renderer-client-id={n} --launch-time-ticks=9{n}'],
    { product: 'Microsoft Edge', version: '122.0.2365.80', internal: 'msedge_exe', original: 'msedge.exe', signer: 'Microsoft' }),
  bin('chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'Google Chrome', 2926616, 6, 'user',
    ['"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService', '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"'],
    { company: 'Google LLC', product: 'Google Chrome', version: '122.0.6261.129', internal: 'chrome_exe', original: 'chrome.exe', signer: 'Trusted' }),
  bin('powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'Windows PowerShell', 450560, 5, 'user',
    ['powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Users\\{user}\\Downloads\\report-sync.ps1', '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NonInteractive -Command "Get-Service | Where-Object {$_.Status -eq \'Running\'}"', 'powershell.exe -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA', 'powershell.exe -ExecutionPolicy AllSigned -NoProfile -NonInteractive -Command "& {$OutputEncoding = [Console]::OutputEncoding =[System.Text.Encoding]::UTF8;$scriptFileStream = [System.IO.File]::Open(\'C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection\\DataCollection\\{n}\\{guid}.ps1\', [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::Read)}"'],
    { internal: 'POWERSHELL', original: 'PowerShell.EXE.MUI' }),
  bin('cmd.exe', 'C:\\Windows\\System32\\cmd.exe', 'Windows Command Processor', 323584, 4, 'user',
    ['cmd.exe /c "whoami /groups > C:\\ProgramData\\t.txt"', 'C:\\Windows\\system32\\cmd.exe /c ""C:\\Program Files\\Backup Agent\\prepost.cmd" pre"', 'cmd.exe /c ipconfig /all', 'C:\\WINDOWS\\system32\\cmd.exe /d /c "C:\\Users\\{user}\\AppData\\Local\\Temp\\{n}.bat"'],
    { internal: 'cmd', original: 'Cmd.Exe.MUI' }),
  bin('explorer.exe', 'C:\\Windows\\explorer.exe', 'Windows Explorer', 5478400, 4, 'user', ['C:\\WINDOWS\\Explorer.EXE', 'Explorer.EXE'], { internal: 'explorer', original: 'EXPLORER.EXE.MUI' }),
  bin('OUTLOOK.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 'Microsoft Outlook', 43518400, 5, 'user',
    ['"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" ', '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" /recycle'],
    { product: 'Microsoft Outlook', version: '16.0.17328.20184', internal: 'Outlook', original: 'Outlook.exe', signer: 'Microsoft' }),
  bin('WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', 'Microsoft Word', 1625400, 3, 'user',
    ['"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "C:\\Users\\{user}\\Documents\\{file}" /o ""'],
    { product: 'Microsoft Office', version: '16.0.17328.20184', internal: 'WinWord', original: 'WinWord.exe', signer: 'Microsoft' }),
  bin('Teams.exe', 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe', 'Microsoft Teams', 131077224, 4, 'user',
    ['"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --type=renderer --autoplay-policy=no-user-gesture-required', '"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --system-initiated'],
    { product: 'Microsoft Teams', version: '1.7.00.6058', internal: 'Teams', original: 'Teams.exe', signer: 'Microsoft' }),
  bin('OneDrive.exe', 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', 'Microsoft OneDrive', 3871144, 3, 'user',
    ['"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
    { product: 'Microsoft OneDrive', version: '24.040.0225.0003', internal: 'OneDrive.exe', original: 'OneDrive.exe', signer: 'Microsoft' }),
  bin('MsMpEng.exe', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MsMpEng.exe', 'Antimalware Service Executable', 133472, 4, 'system',
    ['"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24020.7-0\\MsMpEng.exe"'],
    { version: '4.18.24020.7', internal: 'MsMpEng.exe', original: 'MsMpEng.exe', signer: 'Microsoft' }),
  bin('MsSense.exe', 'C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe', 'Windows Defender Advanced Threat Protection Service Executable', 5243904, 3, 'system',
    ['"MsSense.exe"'], { version: '10.8760.22621.3085', internal: 'MsSense.exe', original: 'MsSense.exe' }),
  bin('SenseIR.exe', 'C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseIR.exe', 'Windows Defender Advanced Threat Protection Automated Investigation', 2930688, 1, 'system',
    ['"C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseIR.exe" "OfflineSenseIR" "{guid}"'], { version: '10.8760.22621.3085', internal: 'SenseIR.exe', original: 'SenseIR.exe' }),
  bin('lsass.exe', 'C:\\Windows\\System32\\lsass.exe', 'Local Security Authority Process', 71392, 2, 'system', ['C:\\WINDOWS\\system32\\lsass.exe'], { internal: 'lsass.exe', original: 'lsass.exe' }),
  bin('services.exe', 'C:\\Windows\\System32\\services.exe', 'Services and Controller app', 723392, 1, 'system', ['C:\\WINDOWS\\system32\\services.exe'], { internal: 'services.exe', original: 'services.exe' }),
  bin('wmiprvse.exe', 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'WMI Provider Host', 543232, 2, 'service', ['C:\\WINDOWS\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe'], { internal: 'Wmiprvse.exe', original: 'Wmiprvse.exe' }),
  bin('taskhostw.exe', 'C:\\Windows\\System32\\taskhostw.exe', 'Host Process for Windows Tasks', 101680, 2, 'user', ['taskhostw.exe {guid}', 'taskhostw.exe Install $(Arg0)'], { internal: 'taskhostw.exe', original: 'taskhostw.exe' }),
  bin('rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe', 'Windows host process (Rundll32)', 71680, 1, 'user', ['rundll32.exe C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {guid} -Embedding', '"rundll32.exe" C:\\Users\\{user}\\AppData\\Local\\Temp\\{n}.dll,DllRegisterServer'], { internal: 'rundll', original: 'RUNDLL32.EXE.MUI' }),
  bin('conhost.exe', 'C:\\Windows\\System32\\conhost.exe', 'Console Window Host', 868352, 3, 'user', ['\\??\\C:\\WINDOWS\\system32\\conhost.exe 0xffffffff -ForceV1'], { internal: 'ConHost', original: 'CONHOST.EXE.MUI' }),
  bin('sqlservr.exe', 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe', 'SQL Server Windows NT - 64 Bit', 622416, 1, 'service', ['"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER'],
    { product: 'Microsoft SQL Server', version: '2022.0160.4095.04', internal: 'SQLSERVR', original: 'SQLSERVR.EXE', signer: 'Microsoft' }),
  bin('w3wp.exe', 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'IIS Worker Process', 28160, 1, 'service', ['c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "OrdersApi" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm{guid} -h "C:\\inetpub\\temp\\apppools\\OrdersApi\\OrdersApi.config" -w "" -m 0'],
    { product: 'Internet Information Services', version: '10.0.20348.1', internal: 'w3wp.exe', original: 'w3wp.exe' }),
  bin('Zoom.exe', 'C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe', 'Zoom Meetings', 431528, 1, 'user', ['"C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe" "--action=join&confno={n}"'],
    { company: 'Zoom Video Communications, Inc.', product: 'Zoom', version: '5.17.11.34827', internal: 'Zoom', original: 'Zoom.exe', signer: 'Trusted' }),
  bin('AcroRd32.exe', 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', 'Adobe Acrobat', 6891144, 1, 'user', ['"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe" "C:\\Users\\{user}\\Downloads\\{file}"'],
    { company: 'Adobe Inc.', product: 'Adobe Acrobat', version: '24.1.20643.0', internal: 'Acrobat', original: 'Acrobat.exe', signer: 'Trusted' }),
  bin('updater.exe', 'C:\\Users\\{user}\\AppData\\Local\\Temp\\updater.exe', null, 88576, 0.3, 'user', ['"C:\\Users\\{user}\\AppData\\Local\\Temp\\updater.exe" /silent'],
    { company: null, product: null, version: null, internal: null, original: null, signer: 'Unknown' }),
];

const BINARY_LIST = weightedList(BINARIES.map((b) => [b, b.weight] as const));
const binaryNamed = (name: string): Binary => BINARIES.find((b) => b.name === name)!;
const DLLS = ['ntdll.dll', 'kernel32.dll', 'KernelBase.dll', 'bcrypt.dll', 'crypt32.dll', 'winhttp.dll', 'samlib.dll', 'clr.dll', 'mscoree.dll', 'amsi.dll', 'dbghelp.dll', 'vaultcli.dll', 'wininet.dll', 'System.Management.Automation.ni.dll'];
const GIVEN_NAMES = ['Jane', 'John', 'Amelia', 'Oliver', 'José', 'Zoë', 'François', 'Søren', 'Łukasz', 'Renée', 'Mia', 'Noah', 'Priya', 'Hiroshi', 'Chloé', 'Björn', 'Ana', 'Mateo', 'Fatima', 'Liam', 'Emma', 'Raúl', 'Aoife', 'Yusuf'];
const SURNAMES = ['Doe', 'Smith', 'Müller', 'García', 'Nguyen', 'Kowalski', 'Øvergaard', 'Dubois', 'Rossi', 'Tanaka', 'Patel', 'Johnson', 'Núñez', 'Schäfer', 'O\'Brien', 'Lindqvist', 'Brown', 'Kim', 'Silva', 'Fernández'];
const DEPARTMENTS = [['Finance', 'fin'], ['Sales', 'sal'], ['Engineering', 'eng'], ['Human Resources', 'hr'], ['Marketing', 'mkt'], ['IT', 'it'], ['Legal', 'leg']] as const;
const JOB_TITLES = ['Accountant', 'Account Executive', 'Software Engineer', 'HR Business Partner', 'Marketing Manager', 'Systems Administrator', 'Counsel', 'Analyst', 'Director'];
const CITIES = [['Seattle', 'US', 'United States'], ['München', 'DE', 'Germany'], ['Zürich', 'CH', 'Switzerland'], ['São Paulo', 'BR', 'Brazil'], ['Montréal', 'CA', 'Canada'], ['London', 'GB', 'United Kingdom'], ['Kraków', 'PL', 'Poland']] as const;
const ORGS = ['contoso', 'fabrikam', 'northwind', 'woodgrove', 'adatum', 'tailspin', 'litware', 'proseware'];
const DOCUMENTS = ['Budget 2025.xlsx', 'Q3 Präsentation.pptx', 'Résumé - José.docx', 'Invoice 88213.pdf', 'contract_signed.pdf', 'Sales forecast.xlsx', 'Projektplan Ü3.docx', 'notes.txt', 'setup.msi', 'report-sync.ps1', 'team photo.jpg', 'archive.zip', 'Angebot Müller GmbH.pdf'];
const REMOTE_HOSTS = [
  'login.microsoftonline.com', 'graph.microsoft.com', 'outlook.office365.com', 'contoso.sharepoint.com', 'teams.microsoft.com', 'winatp-gw-eus.microsoft.com',
  'settings-win.data.microsoft.com', 'www.google.com', 'update.googleapis.com', 'github.com', 'objects.githubusercontent.com', 'cdn.jsdelivr.net',
  'zoom.us', 'ardownload2.adobe.com', 'files.example.net', 'portal.example.net', 'cdn.example-cdn.net', 'api.example.org', 'malicious-updates.example.com',
];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'python-requests/2.31.0',
];
const REGISTRY_KEYS = [
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'OneDrive', 'String', '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background'],
  ['HKEY_CURRENT_USER\\{sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'ReportSync', 'String', 'powershell.exe -w hidden -File C:\\Users\\{user}\\AppData\\Roaming\\rs.ps1'],
  ['HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\{sid}', '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe', 'Binary', '5E-4B-2A-11-9C-76-DA-01-00-00-00-00'],
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender', 'DisableAntiSpyware', 'Dword', '0'],
  ['HKEY_CURRENT_USER\\{sid}\\SOFTWARE\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook', 'LastChangeVer', 'Qword', '133548221190000000'],
  ['HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\W32Time\\Config', 'LastKnownGoodTime', 'Qword', '133548229875512345'],
  ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', 'Id', 'String', '{guid}'],
  ['HKEY_CURRENT_USER\\{sid}\\SOFTWARE\\ExampleVendor\\Updater\\Cache', 'LastCheck', 'String', '2025-03-14 09:12'],
  ['HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Lsa', 'RunAsPPL', 'Dword', '1'],
] as const;
const ALERT_TITLES = [
  ['Suspicious PowerShell command line', 'Execution', '["PowerShell (T1059.001)","Command and Scripting Interpreter (T1059)"]', 'Microsoft Defender for Endpoint', 'EDR'],
  ['Possible credential theft activity', 'CredentialAccess', '["OS Credential Dumping (T1003)","LSASS Memory (T1003.001)"]', 'Microsoft Defender for Endpoint', 'EDR'],
  ['Anomalous scheduled task', 'Persistence', '["Scheduled Task (T1053.005)"]', 'Microsoft Defender for Endpoint', 'EDR'],
  ['\'Wacatac\' malware was prevented', 'Malware', '[]', 'Microsoft Defender for Endpoint', 'Antivirus'],
  ['Email messages containing malicious URL removed after delivery', 'InitialAccess', '["Phishing (T1566)","Spearphishing Link (T1566.002)"]', 'Microsoft Defender for Office 365', 'Microsoft Defender for Office 365'],
  ['Impossible travel activity', 'InitialAccess', '["Valid Accounts (T1078)"]', 'Microsoft Defender for Cloud Apps', 'Microsoft Defender for Cloud Apps'],
  ['Suspected brute-force attack (Kerberos, NTLM)', 'CredentialAccess', '["Brute Force (T1110)","Password Guessing (T1110.001)"]', 'Microsoft Defender for Identity', 'Microsoft Defender for Identity'],
  ['Suspicious inbox manipulation rule', 'DefenseEvasion', '["Email Hiding Rules (T1564.008)"]', 'Microsoft Defender XDR', 'Microsoft Defender XDR'],
] as const;
const THREAT_NAMES = ['Trojan:Win32/Wacatac.B!ml', 'HackTool:Win32/Mimikatz.D', 'Trojan:PowerShell/Downloader.A', 'Behavior:Win32/SuspRemoteThread.A', 'PUA:Win32/Presenoker'];
const SUBJECTS = ['Invoice 88213 for March', 'Action required: password expires today', 'Réunion d\'équipe – ordre du jour', 'Q3 results', 'Your parcel could not be delivered', 'Lunch on Friday?', 'Angebot für Müller GmbH', 'Shared document: Budget 2025.xlsx', 'DocuSign: please review and sign', 'Weekly newsletter ®'];
const EXTERNAL_SENDERS = [
  ['invoices@example.net', 'Example Billing', 'example.net'], ['it-support@examp1e-helpdesk.example.org', 'IT Support', 'examp1e-helpdesk.example.org'],
  ['news@mailer.example.com', 'Example Newsletter ®', 'mailer.example.com'], ['no-reply@docusign.example.net', 'DocuSign', 'docusign.example.net'],
  ['josé.núñez@partner.example.com', 'José Núñez', 'partner.example.com'], ['delivery@parcel-track.example.org', 'Parcel Service', 'parcel-track.example.org'],
] as const;

// ---------------------------------------------------------------- the tenant's world

export interface Account {
  readonly name: string;
  readonly domain: string;
  readonly sid: string;
  readonly upn: string | null;
  readonly objectId: string | null;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly department: string | null;
  readonly jobTitle: string | null;
  readonly city: readonly [string, string, string];
  readonly kind: 'user' | 'service' | 'system';
}

export interface Device {
  readonly id: string;
  readonly fqdn: string;
  readonly shortName: string;
  readonly aadDeviceId: string;
  readonly ip: string;
  readonly ipv6: string;
  readonly ipv6Global: string;
  readonly gateway: string;
  readonly mac: string;
  readonly publicIp: string;
  readonly kind: 'Workstation' | 'Server' | 'DomainController';
  readonly platform: string;
  readonly osBuild: number;
  readonly osVersionInfo: string;
  readonly machineGroup: string;
  readonly model: string;
  readonly vendor: string;
  readonly user: Account;
  readonly uniqueIdBase: number;
  /** Per-device counter, as Device* ReportIds are. */
  reportId: number;
  /** Processes seen lately on the device: later rows reuse them, so pids and unique ids recur across tables. */
  readonly recentProcesses: ProcessFacts[];
}

interface FileHashes {
  readonly sha1: string;
  readonly sha256: string | null;
  readonly md5: string;
}

export interface TenantWorld {
  readonly tenantId: string;
  readonly org: string;
  /** AD DNS domain (corp.<org>.com) and the mail/UPN domain (<org>.com). */
  readonly adDomain: string;
  readonly mailDomain: string;
  readonly netbios: string;
  readonly domainSid: string;
  readonly users: readonly Account[];
  readonly serviceAccounts: readonly Account[];
  readonly devices: readonly Device[];
  readonly domainControllers: readonly Device[];
  readonly hashes: ReadonlyMap<string, FileHashes>;
  readonly remoteIps: ReadonlyMap<string, string>;
  readonly attackerIp: string;
  /** Mails seen lately: attachment, URL, click and post-delivery rows refer to them, and verdict updates repeat them. */
  readonly recentMessages: MessageFacts[];
}

const RECENT_PROCESSES = 24;
const RECENT_MESSAGES = 64;

function remember<T>(ring: T[], item: T, capacity: number, r: Random): void {
  if (ring.length < capacity) ring.push(item);
  else ring[r.int(0, capacity - 1)] = item;
}

const SYSTEM: Account = systemAccount('system', 'S-1-5-18');
const LOCAL_SERVICE: Account = systemAccount('local service', 'S-1-5-19');
const NETWORK_SERVICE: Account = systemAccount('network service', 'S-1-5-20');

function systemAccount(name: string, sid: string): Account {
  return { name, domain: 'nt authority', sid, upn: null, objectId: null, displayName: null, givenName: null, surname: null, department: null, jobTitle: null, city: CITIES[0], kind: 'system' };
}

const asciiFold = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/gi, 'o').replace(/ł/gi, 'l').replace(/[^a-zA-Z]/g, '').toLowerCase();

export function createTenantWorld(seed: number, tenantId: string): TenantWorld {
  const r = new Random(deriveSeed(seed, tenantId));
  const org = r.pick(ORGS);
  const adDomain = `corp.${org}.com`;
  const mailDomain = `${org}.com`;
  const netbios = 'corp';
  const domainSid = `S-1-5-21-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(1_000_000_000, 4_000_000_000)}-${r.int(100_000_000, 4_000_000_000)}`;
  const taken = new Set<string>();
  const users: Account[] = [];
  for (let i = 0; i < 48; i++) {
    const givenName = r.pick(GIVEN_NAMES);
    const surname = r.pick(SURNAMES);
    let name = asciiFold(givenName).slice(0, 1) + asciiFold(surname);
    for (let n = 2; taken.has(name); n++) name = asciiFold(givenName).slice(0, 1) + asciiFold(surname) + n;
    taken.add(name);
    const [department] = r.pick(DEPARTMENTS);
    users.push({
      name, domain: netbios, sid: `${domainSid}-${r.int(1100, 60000)}`, upn: `${name}@${mailDomain}`, objectId: r.guid(),
      displayName: `${givenName} ${surname}`, givenName, surname, department, jobTitle: r.pick(JOB_TITLES), city: r.pick(CITIES), kind: 'user',
    });
  }
  const serviceAccounts: Account[] = ['svc-backup', 'svc-sql', 'svc-deploy', 'svc-scan'].map((name) => ({
    name, domain: netbios, sid: `${domainSid}-${r.int(50000, 60000)}`, upn: `${name}@${mailDomain}`, objectId: r.guid(),
    displayName: name, givenName: null, surname: null, department: 'IT', jobTitle: null, city: CITIES[0], kind: 'service',
  }));
  const site = r.int(10, 40);
  const device = (kind: Device['kind'], shortName: string, machineGroup: string, user: Account): Device => {
    const subnet = kind === 'Workstation' ? r.int(10, 60) : r.int(1, 4);
    const platform = kind === 'Workstation' ? r.pick(['Windows11', 'Windows11', 'Windows10']) : r.pick(['WindowsServer2022', 'WindowsServer2019']);
    const osBuild = platform === 'Windows11' ? 22631 : platform === 'Windows10' ? 19045 : platform === 'WindowsServer2022' ? 20348 : 17763;
    return {
      id: r.hex(40), fqdn: `${shortName}.${adDomain}`, shortName, aadDeviceId: r.guid(), kind, platform, osBuild, machineGroup, user,
      ip: `10.${site}.${subnet}.${r.int(10, 250)}`, gateway: `10.${site}.${subnet}.1`,
      ipv6: `fe80::${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}`.replace(/:0+(?=[0-9a-f])/g, ':'),
      ipv6Global: `2001:db8:${r.int(1, 0xffff).toString(16)}:${subnet.toString(16)}::${r.int(1, 0xfff).toString(16)}`,
      mac: r.hex(12).toUpperCase(), publicIp: `${r.pick(['198.51.100', '203.0.113', '192.0.2'])}.${r.int(2, 254)}`,
      osVersionInfo: platform === 'Windows11' ? '23H2' : platform === 'Windows10' ? '22H2' : '',
      model: kind === 'Workstation' ? r.pick(['Latitude 7440', 'ThinkPad T14 Gen 4', 'Surface Laptop 5', 'EliteBook 840 G10']) : r.pick(['Virtual Machine', 'PowerEdge R750', 'ProLiant DL380 Gen10']),
      vendor: kind === 'Workstation' ? r.pick(['Dell Inc.', 'LENOVO', 'Microsoft Corporation', 'HP']) : r.pick(['Microsoft Corporation', 'Dell Inc.', 'HPE']),
      // Sensor unique process ids are large counters; kept below 2^53 so that the sums stay exact.
      uniqueIdBase: r.int(1, 2047) * 4_398_046_511_104, reportId: r.int(1000, 400_000), recentProcesses: [],
    };
  };
  const devices: Device[] = [];
  for (let i = 0; i < 36; i++) {
    const user = users[i % users.length]!;
    const [department, abbreviation] = DEPARTMENTS.find(([name]) => name === user.department)!;
    const laptop = r.chance(0.5);
    devices.push(device('Workstation', `${laptop ? 'lt' : 'wks'}-${abbreviation}-${String(r.int(1, 999)).padStart(3, '0')}`, r.chance(0.1) ? 'UnassignedGroup' : `${department} Workstations`, user));
  }
  const servers = ['srv-app-07', 'srv-sql-02', 'srv-file-01', 'srv-web-03', 'srv-print-01'];
  for (const name of servers) devices.push(device('Server', name, 'Servers', serviceAccounts[devices.length % serviceAccounts.length]!));
  const domainControllers = ['dc01', 'dc02'].map((name) => device('DomainController', name, 'Domain Controllers', serviceAccounts[0]!));
  devices.push(...domainControllers);
  const hashes = new Map<string, FileHashes>();
  for (const b of [...BINARIES.map((b) => b.name), ...DLLS]) {
    hashes.set(b, { sha1: r.hex(40), sha256: r.chance(0.4) ? r.hex(64) : null, md5: r.hex(32) });
  }
  const remoteIps = new Map<string, string>();
  const prefixes = ['13.107', '20.190', '40.126', '52.96', '52.113', '104.18', '142.250', '151.101', '185.199', '203.0'];
  for (const host of REMOTE_HOSTS) remoteIps.set(host, `${r.pick(prefixes)}.${r.int(0, 255)}.${r.int(1, 254)}`);
  return {
    tenantId, org, adDomain, mailDomain, netbios, domainSid, users, serviceAccounts, devices, domainControllers, hashes, remoteIps,
    attackerIp: `198.51.100.${r.int(2, 254)}`, recentMessages: [],
  };
}

// ---------------------------------------------------------------- times

/** `2025-03-14T09:12:44.5731206Z`: milliseconds from the Date plus four sub-millisecond digits. */
export function isoTime7(ms: number, subMillisecond: number): string {
  return new Date(ms).toISOString().slice(0, 23) + String(subMillisecond).padStart(4, '0') + 'Z';
}

const TIME_SHAPES = weightedList<number>([[7, 84], [6, 6], [3, 4], [0, 3], [-7, 3]]);

/** A datetime column: 7 digits and Z, or with quirks sometimes 6, 3 or 0 digits, or no zone. */
export function datetimeValue(r: Random, ms: number, quirks: boolean): string {
  const full = isoTime7(ms, r.int(0, 9999));
  if (!quirks) return full;
  const shape = r.weighted(TIME_SHAPES);
  switch (shape) {
    case 7: return full;
    case 6: return full.slice(0, 26).replace(/0+$/, '') + 'Z';
    case 3: return full.slice(0, 23) + 'Z';
    case 0: return full.slice(0, 19) + 'Z';
    default: return full.slice(0, 27);
  }
}

// ---------------------------------------------------------------- the row context

const GENERAL_ACCOUNT = weightedList<'user' | 'system' | 'service'>([['user', 70], ['system', 22], ['service', 8]]);

interface ProcessFacts {
  readonly binary: Binary;
  readonly path: string;
  readonly commandLine: string | null;
  readonly pid: number;
  readonly creationMs: number;
  readonly account: Account;
  readonly sessionId: number;
  readonly uniqueId: string;
  readonly hashes: FileHashes;
}

export interface MessageFacts {
  readonly id: string;
  readonly internetId: string;
  readonly sender: readonly [string, string, string];
  readonly recipient: Account;
  readonly subject: string;
}

interface EndpointFacts {
  readonly ip: string;
  readonly url: string | null;
  readonly type: string;
}

/** One row's facts, picked lazily so a table pays only for the columns it has. */
export class RowContext {
  private processCache: ProcessFacts | undefined;
  private initiatingCache: ProcessFacts | undefined;
  private parentCache: ProcessFacts | undefined;
  private fileCache: { name: string; folder: string; size: number; hashes: FileHashes } | undefined;
  private remoteCache: EndpointFacts | undefined;
  private accountCache: Account | undefined;
  private messageCache: MessageFacts | undefined;
  readonly device: Device;
  /** One draw per row that several columns share, so that related columns agree (alert title and its category, ...). */
  readonly rowKey: number;

  constructor(
    readonly r: Random,
    readonly world: TenantWorld,
    readonly table: string,
    readonly actionType: string,
    readonly eventMs: number,
    readonly quirks: boolean,
  ) {
    this.device = r.pick(world.devices);
    this.rowKey = r.uint32();
  }

  time(ms: number): string {
    return datetimeValue(this.r, ms, this.quirks);
  }

  bool(value: boolean): unknown {
    if (!this.quirks || !this.r.chance(0.05)) return value;
    return this.r.pick(value ? [1, '1', 'true', 'True'] : [0, '0', 'false', '']);
  }

  /** A `dynamic` column: an object on the wire, or (quirk) the same value as a JSON string. */
  dynamic(value: unknown): unknown {
    if (value === null || !this.quirks || !this.r.chance(0.3)) return value;
    return JSON.stringify(value);
  }

  /** Real exports sometimes carry mangled UTF-8 (`AzureÂ®`); with quirks, a few strings get it. */
  text(value: string): string {
    if (!this.quirks || !this.r.chance(0.02)) return value;
    return Buffer.from(value, 'utf8').toString('latin1');
  }

  fill(template: string, account: Account = this.account): string {
    if (!template.includes('{')) return template;
    return template
      .replaceAll('{user}', account.kind === 'user' ? account.name : this.device.user.name)
      .replaceAll('{sid}', account.kind === 'user' ? account.sid : this.device.user.sid)
      .replaceAll('{host}', this.device.shortName)
      .replaceAll('{domain}', this.world.adDomain)
      .replaceAll('{guid}', () => this.r.guid().toUpperCase())
      .replaceAll('{n}', () => String(this.r.int(1000, 99999)))
      .replaceAll('{file}', () => this.r.pick(DOCUMENTS));
  }

  /** The account the row is about (AccountName, AccountSid, ... and the Identity/Cloud tables' actor). */
  get account(): Account {
    if (this.accountCache) return this.accountCache;
    const kind = this.table.startsWith('Device') ? this.r.weighted(GENERAL_ACCOUNT) : 'user';
    const account = kind === 'system' ? this.r.pick([SYSTEM, SYSTEM, SYSTEM, LOCAL_SERVICE, NETWORK_SERVICE])
      : kind === 'service' ? this.r.pick(this.world.serviceAccounts)
      : this.r.chance(0.7) ? this.device.user : this.r.pick(this.world.users);
    return (this.accountCache = account);
  }

  private newProcess(binary: Binary, account: Account, startedBefore: number, parent?: ProcessFacts): ProcessFacts {
    const r = this.r;
    const runAs = binary.runsAs === 'system' ? SYSTEM : binary.runsAs === 'service' ? r.pick([SYSTEM, NETWORK_SERVICE, ...this.world.serviceAccounts]) : account.kind === 'system' ? this.device.user : account;
    const creationMs = this.eventMs - startedBefore;
    return {
      binary,
      account: runAs,
      path: this.fill(binary.path, runAs),
      commandLine: binary.commandLines.length ? this.fill(r.pick(binary.commandLines), runAs) : null,
      pid: parent ? parent.pid + r.int(4, 4000) * 4 : r.int(100, 16000) * 4 || 4,
      creationMs,
      sessionId: runAs.kind === 'user' ? r.int(1, 3) : 0,
      uniqueId: String(this.device.uniqueIdBase + r.int(1, 400_000)),
      hashes: this.world.hashes.get(binary.name)!,
    };
  }

  /** The process the row reports on (DeviceProcessEvents' new process, DeviceEvents' target). */
  get process(): ProcessFacts {
    if (this.processCache) return this.processCache;
    const created = this.newProcess(this.r.weighted(BINARY_LIST), this.account, this.r.int(0, 50), this.initiating);
    if (this.table === 'DeviceProcessEvents') remember(this.device.recentProcesses, created, RECENT_PROCESSES, this.r);
    return (this.processCache = created);
  }

  /** The process that did it: often one seen earlier on the device (same pid, unique id, start time). */
  get initiating(): ProcessFacts {
    if (this.initiatingCache) return this.initiatingCache;
    const r = this.r;
    const recent = this.device.recentProcesses;
    if (this.table !== 'DeviceLogonEvents' && recent.length > 0 && r.chance(0.6)) {
      const seen = r.pick(recent);
      if (seen.creationMs < this.eventMs - 1000) return (this.initiatingCache = seen);
    }
    const binary = this.table === 'DeviceLogonEvents' ? binaryNamed(r.chance(0.7) ? 'lsass.exe' : 'svchost.exe') : r.weighted(BINARY_LIST);
    const created = this.newProcess(binary, this.account, r.int(2_000, 36_000_000));
    remember(recent, created, RECENT_PROCESSES, r);
    return (this.initiatingCache = created);
  }

  get parent(): ProcessFacts {
    if (this.parentCache) return this.parentCache;
    const i = this.initiating;
    const name = i.binary.runsAs === 'user' ? this.r.pick(['explorer.exe', 'explorer.exe', 'svchost.exe', 'cmd.exe']) : this.r.pick(['services.exe', 'svchost.exe']);
    return (this.parentCache = this.newProcess(binaryNamed(name), i.account, this.eventMs - i.creationMs + this.r.int(50, 900_000)));
  }

  /** A file touched by the row (DeviceFileEvents, DeviceEvents' file columns, attachments). */
  get file(): { name: string; folder: string; size: number; hashes: FileHashes } {
    if (this.fileCache) return this.fileCache;
    const r = this.r;
    const user = this.device.user.name;
    if (this.actionType === 'DriverLoad') {
      const driver = r.pick(['WdFilter.sys', 'mssecflt.sys', 'vmci.sys', 'RTCore64.sys', 'iaStorAC.sys']);
      return (this.fileCache = { name: driver, folder: `C:\\Windows\\System32\\drivers\\${driver}`, size: r.int(40_000, 900_000), hashes: { sha1: r.hex(40), sha256: r.hex(64), md5: r.hex(32) } });
    }
    const name = this.actionType === 'ShellLinkCreateFileEvent' ? `${r.pick(DOCUMENTS)}.lnk` : r.pick(DOCUMENTS);
    const folder = r.pick([`C:\\Users\\${user}\\Downloads`, `C:\\Users\\${user}\\Documents`, `C:\\Users\\${user}\\AppData\\Local\\Temp`, `C:\\Users\\${user}\\OneDrive - ${this.world.org}\\Shared`, 'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans', 'C:\\Windows\\Temp', 'D:\\Shares\\Finance']);
    return (this.fileCache = {
      name, folder: `${folder}\\${name}`, size: r.int(300, 40_000_000),
      hashes: { sha1: r.hex(40), sha256: r.hex(64), md5: r.hex(32) },
    });
  }

  /** The other end of a network event. */
  get remote(): EndpointFacts {
    if (this.remoteCache) return this.remoteCache;
    const r = this.r;
    const roll = r.next();
    let value: EndpointFacts;
    if (roll < 0.55) {
      const host = r.pick(REMOTE_HOSTS);
      const ip = this.world.remoteIps.get(host)!;
      if (this.quirks && r.chance(0.04)) value = { ip: `::ffff:${ip}`, url: host, type: 'FourToSixMapping' };
      else value = { ip, url: host, type: 'Public' };
    } else if (roll < 0.65) {
      value = { ip: `2603:1030:${r.hex(3)}:${r.hex(2)}::${r.hex(2)}`, url: r.pick(REMOTE_HOSTS), type: 'Public' };
    } else if (roll < 0.95) {
      const other = r.chance(0.4) ? r.pick(this.world.domainControllers) : r.pick(this.world.devices);
      value = { ip: other.ip, url: null, type: 'Private' };
    } else if (roll < 0.98) {
      value = { ip: this.world.attackerIp, url: null, type: 'Public' };
    } else {
      value = { ip: r.chance(0.5) ? '127.0.0.1' : '::1', url: null, type: 'Loopback' };
    }
    return (this.remoteCache = value);
  }

  /**
   * The mail the row is about. EmailEvents rows mostly bring new mails (and sometimes repeat one, as a
   * verdict update does); the other mail tables mostly refer to a mail seen lately.
   */
  get message(): MessageFacts {
    if (this.messageCache) return this.messageCache;
    const r = this.r;
    const recent = this.world.recentMessages;
    if (recent.length > 0 && r.chance(this.table === 'EmailEvents' ? 0.1 : 0.85)) return (this.messageCache = r.pick(recent));
    const id = r.guid();
    const sender = r.chance(0.75) ? r.pick(EXTERNAL_SENDERS) : (() => {
      const u = r.pick(this.world.users);
      return [u.upn!, u.displayName!, this.world.mailDomain] as const;
    })();
    const message: MessageFacts = {
      id, sender, recipient: this.account, subject: r.pick(SUBJECTS),
      internetId: `<${r.hex(12).toUpperCase()}@${sender[2]}>`,
    };
    remember(recent, message, RECENT_MESSAGES, r);
    return (this.messageCache = message);
  }

  private memos: Map<string, unknown> | undefined;

  /** A per-row value that several columns must agree on (LogonType and the remote end, Protocol and the port). */
  memo<T>(key: string, make: () => T): T {
    const memos = (this.memos ??= new Map());
    if (!memos.has(key)) memos.set(key, make());
    return memos.get(key) as T;
  }

  nextReportId(): number {
    return ++this.device.reportId;
  }
}

// ---------------------------------------------------------------- values by column

type ColumnValue = (c: RowContext) => unknown;

/** AdditionalFields of Device* rows (a JSON-encoded string on the wire), shaped like the sensor's by ActionType. */
function deviceAdditionalFields(c: RowContext): unknown {
  const r = c.r;
  const a = c.actionType;
  let fields: Record<string, unknown> | null;
  switch (c.table) {
    case 'DeviceLogonEvents':
      fields = { IsLocalLogon: c.device.kind === 'Workstation' && r.chance(0.6) };
      break;
    case 'DeviceFileEvents':
      fields = r.chance(0.4) ? { FileType: r.pick(['PortableExecutable', 'Pdf', 'Docx', 'Xlsx', 'PowerShell', 'Zip']) } : null;
      break;
    case 'DeviceProcessEvents':
      fields = r.chance(0.3) ? { ProcessPosixEffectiveUser: null, InitiatingProcessPosixEffectiveUser: null, LogonID: r.int(1000, 9_999_999) } : null;
      break;
    case 'DeviceNetworkEvents':
      fields = networkAdditionalFields(c);
      break;
    case 'DeviceEvents':
      fields = deviceEventFields(c);
      break;
    default:
      fields = null;
  }
  if (a.endsWith('AggregatedReport')) fields = { ...(fields ?? {}), uniqueEventsAggregated: r.int(2, 400), firstSeen: isoTime7(c.eventMs - 3_600_000, 0), lastSeen: isoTime7(c.eventMs, 0) };
  return fields === null ? (r.chance(0.5) ? null : '') : JSON.stringify(fields);
}

function networkAdditionalFields(c: RowContext): Record<string, unknown> | null {
  const r = c.r;
  const direction = c.actionType === 'InboundConnectionAccepted' ? 'In' : 'Out';
  const host = c.remote.url ?? c.world.adDomain;
  switch (c.actionType) {
    case 'DnsConnectionInspected':
      return { direction, uid: `C${r.hex(17)}`, query: host, qtype_name: r.pick(['A', 'A', 'AAAA', 'SRV', 'PTR']), query_type: 1, query_class: 1, qclass_name: 'C_INTERNET', rcode_name: r.chance(0.9) ? 'NOERROR' : 'NXDOMAIN', trans_id: r.int(1, 65535), answers: [c.remote.ip] };
    case 'HttpConnectionInspected':
      return { direction, uid: `C${r.hex(17)}`, host, method: r.pick(['GET', 'GET', 'POST', 'PUT', 'HEAD']), uri: r.pick(['/', '/api/v1/status', '/download/setup.msi', '/login?next=%2Fhome']), user_agent: r.pick(USER_AGENTS), status_code: r.pick([200, 200, 204, 301, 302, 404, 500]), status_msg: 'OK', request_body_len: r.int(0, 5000), response_body_len: r.int(0, 500_000), referrer: r.chance(0.3) ? `https://${host}/` : '', version: '1.1' };
    case 'SslConnectionInspected':
      return { direction, uid: `C${r.hex(17)}`, server_name: host, version: r.pick(['TLSv12', 'TLSv13']), cipher: r.pick(['TLS_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']), established: true, next_protocol: r.pick(['h2', 'http/1.1', '']), ja3: r.hex(32), ja3s: r.hex(32) };
    case 'SshConnectionInspected':
      return { direction, uid: `C${r.hex(17)}`, client: 'SSH-2.0-OpenSSH_for_Windows_8.1', server: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6', auth_success: r.chance(0.8), version: 2 };
    case 'IcmpConnectionInspected':
    case 'FtpConnectionInspected':
    case 'SmtpConnectionInspected':
    case 'NetworkSignatureInspected':
      return { direction, uid: `C${r.hex(17)}`, orig_bytes: r.int(40, 20_000), resp_bytes: r.int(40, 200_000), orig_pkts: r.int(1, 80), resp_pkts: r.int(1, 200), missed_bytes: 0, SignatureName: c.actionType === 'NetworkSignatureInspected' ? 'SMB_Client_Negotiate' : undefined };
    case 'ConnectionAcknowledged':
      return { direction };
    default:
      return r.chance(0.15) ? { direction } : null;
  }
}

function deviceEventFields(c: RowContext): Record<string, unknown> | null {
  const r = c.r;
  const a = c.actionType;
  if (a === 'PowerShellCommand') return { Command: r.pick(['Get-Service', 'Import-Module', 'Invoke-WebRequest', 'Get-ChildItem', 'Set-ExecutionPolicy', 'Get-WmiObject', 'New-Object']) };
  if (a.startsWith('ScheduledTask')) return { TaskName: r.pick(['\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', '\\ReportSync', '\\Microsoft\\Office\\OfficeTelemetryAgentLogOn2016', '\\GoogleUpdateTaskMachineUA']), TaskContent: '<?xml version="1.0" encoding="UTF-16"?><Task version="1.2"><Actions Context="Author"><Exec><Command>powershell.exe</Command></Exec></Actions></Task>' };
  if (a === 'ServiceInstalled') return { ServiceName: r.pick(['PSEXESVC', 'Backup Agent', 'ExampleUpdater', 'Sysmon64']), ServiceAccount: 'LocalSystem', ServiceStartType: r.int(2, 3), ServiceType: 16 };
  if (a === 'NamedPipeEvent') return { PipeName: r.pick(['\\Device\\NamedPipe\\mojo.1234.5678.987654321', '\\Device\\NamedPipe\\PSHost.133548.4476.DefaultAppDomain.powershell', '\\Device\\NamedPipe\\lsass', '\\Device\\NamedPipe\\srvsvc']), FileOperation: r.pick(['File created', 'File opened']), NamedPipeEnd: r.pick(['Client', 'Server']), ShareName: '', DesiredAccess: 1180063 };
  if (a === 'OpenProcessApiCall') return { DesiredAccess: r.pick([4096, 4112, 2097151, 1410]) };
  if (a === 'DnsQueryResponse') return { DnsQueryString: c.remote.url ?? c.world.adDomain, DnsQueryResult: JSON.stringify([{ DnsQueryType: 1, Result: c.remote.ip }]) };
  if (a === 'UserAccountAddedToLocalGroup') return { GroupName: 'Administrators', GroupDomainName: 'BUILTIN', GroupSid: 'S-1-5-32-544' };
  if (a === 'PnpDeviceConnected') return { ClassName: r.pick(['USB', 'Bluetooth', 'HIDClass', 'Image']), DeviceDescription: r.pick(['USB Composite Device', 'Logitech USB Receiver', 'Integrated Webcam']), DeviceId: `USB\\VID_046D&PID_C52B\\${r.hex(8).toUpperCase()}`, VendorIds: 'USB\\VID_046D', ClassId: `{${r.guid()}}` };
  if (a === 'UsbDriveMounted') return { DriveLetter: 'E:', ProductName: 'SanDisk Ultra', Manufacturer: 'SanDisk', SerialNumber: r.hex(16).toUpperCase(), Volume: `\\\\?\\Volume{${r.guid()}}`, BusType: 7 };
  if (a === 'LdapSearch') return { AttributeList: '["objectSid","sAMAccountName"]', SearchFilter: '(&(objectCategory=person)(adminCount=1))', ScopeOfSearch: 'SubTree', DistinguishedName: `DC=corp,DC=${c.world.org},DC=com` };
  if (a.startsWith('Antivirus')) {
    if (a === 'AntivirusScanCompleted') return { ScanTypeIndex: r.pick(['Quick', 'Full']), ScanId: `{${r.guid().toUpperCase()}}`, Initiator: 'Scheduled' };
    return { ThreatName: r.pick(THREAT_NAMES), WasRemediated: r.chance(0.8), WasExecutingWhileDetected: false, ReportSource: 'Realtime' };
  }
  if (a.startsWith('Asr') || a.startsWith('ExploitGuard') || a.startsWith('ControlledFolder') || a.startsWith('AppControl') || a.startsWith('SmartScreen')) {
    return { IsAudit: a.endsWith('Audited'), RuleId: r.guid(), Experience: a.startsWith('SmartScreen') ? 'UntrustedApp' : undefined };
  }
  if (a === 'BrowserLaunchedToOpenUrl' || a === 'RemoteDesktopConnection' || a.startsWith('Firewall')) return null;
  return r.chance(0.5) ? {} : null;
}

/** Columns shaped by a process (`InitiatingProcess*`, `Process*` and the DeviceProcessEvents file columns). */
function processColumn(suffix: string, pickProcess: (c: RowContext) => ProcessFacts): ColumnValue | undefined {
  const withProcess = (f: (c: RowContext, p: ProcessFacts) => unknown): ColumnValue => (c) => f(c, pickProcess(c));
  const v = (field: 'company' | 'product' | 'version' | 'internal' | 'original' | 'description'): ColumnValue =>
    withProcess((c, p) => {
      const value = p.binary[field];
      return value === null ? null : c.text(value);
    });
  switch (suffix) {
    case 'FileName': return withProcess((_, p) => p.binary.name);
    case 'FolderPath': return withProcess((c, p) => (c.table === 'DeviceProcessEvents' && pickProcess === processOf ? p.path : p.path.toLowerCase()));
    case 'SHA1': return withProcess((_, p) => p.hashes.sha1);
    case 'SHA256': return withProcess((_, p) => p.hashes.sha256);
    case 'MD5': return withProcess((_, p) => p.hashes.md5);
    case 'FileSize': return withProcess((_, p) => p.binary.size);
    case 'Id': return withProcess((_, p) => p.pid);
    case 'CommandLine': return withProcess((_, p) => p.commandLine);
    case 'CreationTime': return withProcess((c, p) => c.time(p.creationMs));
    case 'VersionInfoCompanyName': return v('company');
    case 'VersionInfoProductName': return v('product');
    case 'VersionInfoProductVersion': return v('version');
    case 'VersionInfoInternalFileName': return v('internal');
    case 'VersionInfoOriginalFileName': return v('original');
    case 'VersionInfoFileDescription': return v('description');
    case 'AccountDomain': return withProcess((_, p) => p.account.domain);
    case 'AccountName': return withProcess((_, p) => p.account.name);
    case 'AccountSid': return withProcess((_, p) => p.account.sid);
    case 'AccountUpn': return withProcess((_, p) => p.account.upn);
    case 'AccountObjectId': return withProcess((_, p) => p.account.objectId);
    case 'LogonId': return withProcess((c, p) => (p.account.kind === 'system' ? (p.account.sid === 'S-1-5-18' ? 999 : 997) : 100_000 + (c.r.uint32() % 9_000_000)));
    case 'IntegrityLevel': return withProcess((_, p) => (p.account.kind === 'user' ? (p.binary.name.endsWith('edge.exe') || p.binary.name === 'chrome.exe' ? 'Low' : 'Medium') : 'System'));
    case 'TokenElevation': return withProcess((_, p) => (p.account.kind === 'user' ? 'TokenElevationTypeLimited' : 'TokenElevationTypeDefault'));
    case 'SignerType': return withProcess((_, p) => p.binary.signer);
    case 'SignatureStatus': return withProcess((_, p) => (p.binary.signer === 'Unknown' ? 'Unsigned' : 'Valid'));
    case 'SessionId': return withProcess((_, p) => p.sessionId);
    case 'UniqueId': return withProcess((_, p) => p.uniqueId);
    case 'ParentId': return (c) => c.parent.pid;
    case 'ParentFileName': return (c) => c.parent.binary.name;
    case 'ParentCreationTime': return (c) => c.time(c.parent.creationMs);
    default: return undefined;
  }
}

const processOf = (c: RowContext): ProcessFacts => c.process;
const initiatingOf = (c: RowContext): ProcessFacts => c.initiating;

const LOGON_TYPES = weightedList([['Interactive', 10], ['Network', 45], ['RemoteInteractive', 4], ['Service', 12], ['Batch', 6], ['Unlock', 8], ['CachedInteractive', 5], ['NewCredentials', 2]] as const);
const FAILURE_REASONS = ['InvalidUserNameOrPassword', 'UnknownUserName', 'AccountLocked', 'AccountDisabled', 'PasswordExpired', 'WrongPassword'];
const LISTEN_PORTS = [80, 135, 443, 445, 3389, 5985, 1433, 8080];
const REMOTE_PORTS = [443, 443, 443, 443, 80, 53, 445, 135, 389, 88, 3389, 5985, 22, 8080, 1433];

function portFor(c: RowContext): number {
  if (c.actionType === 'DnsConnectionInspected' || c.actionType === 'DnsQueryResponse') return 53;
  if (c.actionType === 'SslConnectionInspected') return 443;
  if (c.actionType === 'HttpConnectionInspected') return c.r.pick([80, 8080]);
  if (c.actionType === 'SshConnectionInspected') return 22;
  if (c.actionType === 'RemoteDesktopConnection') return 3389;
  return c.r.pick(REMOTE_PORTS);
}

const IDENTITY_PORTS: Readonly<Record<string, number>> = { Kerberos: 88, Ntlm: 445, Ldap: 389, Ldaps: 636, Samr: 445, Dns: 53 };
const identityProtocol = (c: RowContext): string =>
  c.memo('protocol', () => (c.table === 'IdentityQueryEvents'
    ? (c.actionType.startsWith('DNS') ? 'Dns' : c.actionType.startsWith('SAMR') ? 'Samr' : c.actionType.startsWith('LDAP') ? c.r.pick(['Ldap', 'Ldaps']) : 'Rpc')
    : c.r.pick(['Kerberos', 'Kerberos', 'Kerberos', 'Ntlm', 'Ldap'])));

/** DeviceLogonEvents: the remote end exists only for network and remote-interactive logons. */
const logonType = (c: RowContext): string => c.memo('logonType', () => c.r.weighted(LOGON_TYPES));
const remoteLogon = (c: RowContext): boolean => logonType(c) === 'Network' || logonType(c) === 'RemoteInteractive';
const logonSource = (c: RowContext): { ip: string; name: string | null; type: string } =>
  c.memo('logonSource', () => {
    if (c.actionType === 'LogonFailed' && c.r.chance(0.3)) return { ip: c.world.attackerIp, name: c.r.pick(['kali', 'DESKTOP-7Q2M1LK', null]), type: 'Public' };
    const other = c.r.pick(c.world.devices);
    return { ip: other.ip, name: other.shortName, type: 'Private' };
  });

const ipv6Remote = (c: RowContext): boolean => c.remote.ip.includes(':') && !c.remote.ip.startsWith('::ffff:');

/** Values by column name that mean the same thing in every table. */
function commonColumn(name: string, type: string, table: string): ColumnValue | undefined {
  const deviceTable = table.startsWith('Device');
  switch (name) {
    case 'Timestamp': return (c) => c.time(c.eventMs);
    case 'ActionType': return (c) => c.actionType;
    case 'DeviceId': return (c) => c.device.id;
    case 'DeviceName': return deviceTable || table.startsWith('Alert') || table.startsWith('Behavior')
      ? (c) => c.device.fqdn
      : (c) => (c.r.chance(0.85) ? c.device.fqdn : c.r.pick(['kali', 'DESKTOP-7Q2M1LK', '']));
    case 'MachineGroup': return (c) => c.device.machineGroup;
    case 'AppGuardContainerId': return () => '';
    case 'AccountName': return (c) => c.account.name;
    case 'AccountDomain': return table.startsWith('Identity') ? (c) => (c.account.kind === 'system' ? null : c.world.adDomain) : (c) => c.account.domain;
    case 'AccountSid': return (c) => c.account.sid;
    case 'AccountUpn': return (c) => c.account.upn;
    case 'AccountObjectId': return (c) => c.account.objectId;
    case 'AccountDisplayName': return (c) => c.account.displayName;
    case 'RemoteIP': return (c) => (c.actionType === 'ListeningConnectionCreated' ? '' : c.remote.ip);
    case 'RemoteUrl': return (c) => c.remote.url;
    case 'RemoteIPType': return (c) => (c.actionType === 'ListeningConnectionCreated' ? null : c.remote.type);
    case 'RemotePort': return (c) => (c.actionType === 'ListeningConnectionCreated' ? null : portFor(c));
    case 'LocalIP': return (c) => (c.remote.type === 'Loopback' ? c.remote.ip : ipv6Remote(c) ? c.device.ipv6Global : c.device.ip);
    case 'LocalIPType': return (c) => (c.remote.type === 'Loopback' ? 'Loopback' : ipv6Remote(c) ? 'Public' : 'Private');
    case 'LocalPort': return (c) => (c.actionType === 'ListeningConnectionCreated' || c.actionType === 'InboundConnectionAccepted' ? c.r.pick(LISTEN_PORTS) : c.r.int(49152, 65535));
    case 'ReportId': return undefined; // the generator writes ReportId itself (a number beyond 2^53 needs the line built as text)
    case 'IsInitiatingProcessRemoteSession':
    case 'IsProcessRemoteSession': return (c) => c.bool(false);
    case 'InitiatingProcessRemoteSessionDeviceName':
    case 'ProcessRemoteSessionDeviceName':
    case 'InitiatingProcessRemoteSessionIP':
    case 'ProcessRemoteSessionIP': return () => null;
    case 'CreatedProcessSessionId': return (c) => c.process.sessionId;
    case 'ProcessUniqueId': return (c) => c.process.uniqueId;
    case 'SHA1': return (c) => c.file.hashes.sha1;
    case 'SHA256': return (c) => c.file.hashes.sha256;
    case 'MD5': return (c) => c.file.hashes.md5;
    case 'FileName': return (c) => c.file.name;
    case 'FolderPath': return (c) => c.file.folder;
    case 'FileSize': return (c) => c.file.size;
    case 'NetworkMessageId': return (c) => c.message.id;
    case 'InternetMessageId': return (c) => c.message.internetId;
    case 'SenderFromAddress':
    case 'SenderMailFromAddress': return (c) => c.message.sender[0];
    case 'SenderDisplayName': return (c) => c.text(c.message.sender[1]);
    case 'SenderFromDomain':
    case 'SenderMailFromDomain': return (c) => c.message.sender[2];
    case 'SenderObjectId': return (c) => (c.message.sender[2] === c.world.mailDomain ? c.r.guid() : null);
    case 'RecipientEmailAddress': return (c) => c.message.recipient.upn;
    case 'RecipientObjectId': return (c) => c.message.recipient.objectId;
    case 'EmailDirection': return (c) => (c.message.sender[2] === c.world.mailDomain ? 'Intra-org' : 'Inbound');
    case 'Subject':
    case 'EmailSubject': return (c) => c.text(c.message.subject);
    case 'ThreatTypes': return (c) => (c.r.chance(0.9) ? '' : c.r.pick(['Phish', 'Malware', 'Spam', 'Phish,Spam']));
    case 'ThreatNames': return (c) => (c.r.chance(0.95) ? '' : c.r.pick(THREAT_NAMES));
    case 'DetectionMethods': return (c) => (c.r.chance(0.9) ? '' : JSON.stringify({ Phish: ['URL detonation reputation', 'Impersonation domain'] }));
    case 'IPAddress': return table === 'CloudAppEvents' || table === 'UrlClickEvents'
      ? (c) => (c.r.chance(0.8) ? c.device.publicIp : `2a01:111:f400:${c.r.hex(4)}::${c.r.hex(2)}`)
      : (c) => c.device.ip;
    case 'Port': return (c) => (c.quirks && c.r.chance(0.05) ? '' : c.r.int(49152, 65535));
    case 'DestinationDeviceName': return (c) => c.r.pick(c.world.domainControllers).fqdn;
    case 'DestinationIPAddress': return (c) => c.r.pick(c.world.domainControllers).ip;
    case 'DestinationPort': return (c) => (c.quirks && c.r.chance(0.05) ? '' : IDENTITY_PORTS[identityProtocol(c)] ?? 445);
    case 'TargetDeviceName': return (c) => (c.r.chance(0.6) ? c.r.pick(c.world.devices).fqdn : null);
    case 'TargetAccountUpn': return (c) => (c.r.chance(0.5) ? c.r.pick(c.world.users).upn : null);
    case 'TargetAccountDisplayName': return (c) => (c.r.chance(0.5) ? c.r.pick(c.world.users).displayName : null);
    case 'Location': return (c) => (c.r.chance(0.3) ? c.account.city[1] : null);
    case 'Isp':
    case 'ISP': return (c) => (c.r.chance(0.3) ? c.r.pick(['Microsoft Corporation', 'Deutsche Telekom AG', 'Comcast Cable', 'Vodafone GmbH']) : null);
    case 'Application': return table.startsWith('Identity') ? () => 'Active Directory' : undefined;
    case 'Protocol': return table.startsWith('Identity') ? identityProtocol : undefined;
    default:
      if (name.startsWith('InitiatingProcess')) return processColumn(name.slice('InitiatingProcess'.length), initiatingOf);
      if (name.startsWith('Process') && table === 'DeviceProcessEvents' || name.startsWith('Process') && table === 'DeviceEvents') {
        return processColumn(name.slice('Process'.length), processOf);
      }
      return type === 'datetime' ? (c) => c.time(c.eventMs - c.r.int(0, 86_400_000)) : undefined;
  }
}

/** Columns whose meaning depends on the table. */
function tableColumn(table: string, name: string): ColumnValue | undefined {
  const t = TABLE_COLUMNS[table];
  return t?.[name];
}

const alertOf = (c: RowContext) => ALERT_TITLES[c.rowKey % ALERT_TITLES.length]!;

const TABLE_COLUMNS: Record<string, Record<string, ColumnValue>> = {
  DeviceProcessEvents: {
    FileName: (c) => c.process.binary.name,
    FolderPath: (c) => c.process.path,
    SHA1: (c) => c.process.hashes.sha1,
    SHA256: (c) => c.process.hashes.sha256,
    MD5: (c) => c.process.hashes.md5,
    FileSize: (c) => c.process.binary.size,
    AccountName: (c) => c.process.account.name,
    AccountDomain: (c) => c.process.account.domain,
    AccountSid: (c) => c.process.account.sid,
    AccountUpn: (c) => c.process.account.upn,
    AccountObjectId: (c) => c.process.account.objectId,
    LogonId: (c) => (c.process.account.kind === 'system' ? 999 : c.r.int(100_000, 9_000_000)),
  },
  DeviceImageLoadEvents: {
    FileName: (c) => c.r.pick(DLLS),
    FolderPath: (c) => 'C:\\Windows\\System32\\' + c.r.pick(DLLS),
    SHA1: (c) => c.world.hashes.get(c.r.pick(DLLS))!.sha1,
    SHA256: (c) => c.r.hex(64),
    MD5: (c) => c.r.hex(32),
    FileSize: (c) => c.r.int(40_000, 4_000_000),
  },
  DeviceNetworkEvents: {
    Protocol: (c) => (c.actionType.startsWith('Dns') ? 'Udp' : c.actionType.startsWith('Icmp') ? 'Icmp' : c.r.chance(0.93) ? 'Tcp' : 'Udp'),
  },
  DeviceFileEvents: {
    PreviousFileName: (c) => (c.actionType === 'FileRenamed' ? c.file.name.replace(/\.(\w+)$/, ' (1).$1') : null),
    PreviousFolderPath: (c) => (c.actionType === 'FileRenamed' ? c.file.folder.replace(/\.(\w+)$/, ' (1).$1') : null),
    FileOriginUrl: (c) => (c.actionType === 'FileCreated' && c.r.chance(0.4) ? `https://${c.r.pick(REMOTE_HOSTS)}/download/${encodeURIComponent(c.file.name)}` : null),
    FileOriginReferrerUrl: (c) => (c.r.chance(0.15) ? `https://${c.r.pick(REMOTE_HOSTS)}/` : null),
    FileOriginIP: (c) => (c.r.chance(0.15) ? c.remote.ip : null),
    RequestProtocol: (c) => (c.r.chance(0.8) ? 'Local' : 'SMB'),
    RequestSourceIP: (c) => (c.r.chance(0.2) ? c.r.pick(c.world.devices).ip : null),
    RequestSourcePort: (c) => (c.r.chance(0.2) ? c.r.int(49152, 65535) : null),
    RequestAccountName: (c) => c.initiating.account.name,
    RequestAccountDomain: (c) => c.initiating.account.domain.toUpperCase(),
    RequestAccountSid: (c) => c.initiating.account.sid,
    ShareName: (c) => (c.r.chance(0.1) ? c.r.pick(['Finance', 'inetpub$', 'C$', 'Public']) : null),
    SensitivityLabel: (c) => (c.r.chance(0.1) ? c.r.pick(['Confidential', 'General', 'Highly Confidential']) : null),
    SensitivitySubLabel: () => null,
    IsAzureInfoProtectionApplied: (c) => (c.r.chance(0.1) ? c.bool(c.r.chance(0.5)) : null),
  },
  DeviceLogonEvents: {
    LogonType: logonType,
    Protocol: (c) => (remoteLogon(c) ? c.r.pick(['Kerberos', 'NTLM', 'Negotiate']) : c.r.pick(['Negotiate', 'Kerberos', ''])),
    FailureReason: (c) => (c.actionType === 'LogonFailed' ? c.r.pick(FAILURE_REASONS) : null),
    IsLocalAdmin: (c) => c.bool(c.r.chance(0.2)),
    LogonId: (c) => (c.actionType === 'LogonFailed' ? null : c.r.int(100_000, 90_000_000)),
    RemoteDeviceName: (c) => (remoteLogon(c) ? logonSource(c).name : null),
    RemoteIP: (c) => (remoteLogon(c) ? logonSource(c).ip : logonType(c) === 'Interactive' || logonType(c) === 'Unlock' ? '127.0.0.1' : null),
    RemoteIPType: (c) => (remoteLogon(c) ? logonSource(c).type : logonType(c) === 'Interactive' || logonType(c) === 'Unlock' ? 'Loopback' : null),
    RemotePort: (c) => (remoteLogon(c) ? c.r.int(49152, 65535) : logonType(c) === 'Interactive' || logonType(c) === 'Unlock' ? 0 : null),
  },
  DeviceRegistryEvents: {
    RegistryKey: (c) => c.fill(registryOf(c)[0]),
    RegistryValueName: (c) => (c.actionType.startsWith('RegistryValue') ? registryOf(c)[1] : null),
    RegistryValueType: (c) => (c.actionType === 'RegistryValueSet' ? registryOf(c)[2] : null),
    RegistryValueData: (c) => (c.actionType === 'RegistryValueSet' ? c.fill(registryOf(c)[3]) : null),
    PreviousRegistryKey: (c) => (c.actionType === 'RegistryKeyDeleted' || c.actionType === 'RegistryKeyRenamed' ? c.fill(registryOf(c)[0]) : null),
    PreviousRegistryValueName: (c) => (c.actionType === 'RegistryValueDeleted' ? registryOf(c)[1] : null),
    PreviousRegistryValueData: (c) => (c.actionType === 'RegistryValueDeleted' || c.r.chance(0.2) ? c.fill(registryOf(c)[3]) : null),
  },
  DeviceEvents: {
    FileName: (c) => (fileEvent(c) ? c.file.name : null),
    FolderPath: (c) => (fileEvent(c) ? c.file.folder : null),
    SHA1: (c) => (fileEvent(c) ? c.file.hashes.sha1 : null),
    SHA256: (c) => (fileEvent(c) ? c.file.hashes.sha256 : null),
    MD5: (c) => (fileEvent(c) ? c.file.hashes.md5 : null),
    FileSize: (c) => (fileEvent(c) ? c.file.size : null),
    AccountName: (c) => (c.actionType.startsWith('UserAccount') || c.actionType === 'LogonRightsSettingEnabled' ? c.account.name : null),
    AccountDomain: (c) => (c.actionType.startsWith('UserAccount') ? c.account.domain : null),
    AccountSid: (c) => (c.actionType.startsWith('UserAccount') || c.actionType === 'LogonRightsSettingEnabled' ? c.account.sid : null),
    RemoteUrl: (c) => (c.actionType === 'BrowserLaunchedToOpenUrl' || c.actionType === 'SmartScreenUrlWarning' ? `https://${c.remote.url ?? 'portal.example.net'}/` : c.actionType === 'DnsQueryResponse' ? c.remote.url : null),
    RemoteIP: (c) => (c.actionType.startsWith('Firewall') || c.actionType === 'RemoteDesktopConnection' ? c.remote.ip : null),
    RemotePort: (c) => (c.actionType.startsWith('Firewall') || c.actionType === 'RemoteDesktopConnection' ? portFor(c) : null),
    LocalIP: (c) => (c.actionType.startsWith('Firewall') || c.actionType === 'RemoteDesktopConnection' ? c.device.ip : null),
    LocalPort: (c) => (c.actionType.startsWith('Firewall') ? c.r.int(49152, 65535) : c.actionType === 'RemoteDesktopConnection' ? 3389 : null),
    RemoteDeviceName: (c) => (c.actionType === 'RemoteDesktopConnection' ? c.r.pick(c.world.devices).shortName : null),
    ProcessId: (c) => (processEvent(c) ? c.process.pid : null),
    ProcessCommandLine: (c) => (processEvent(c) ? c.process.commandLine : null),
    ProcessCreationTime: (c) => (processEvent(c) ? c.time(c.process.creationMs) : null),
    ProcessTokenElevation: (c) => (processEvent(c) ? 'TokenElevationTypeDefault' : null),
    LogonId: (c) => (c.r.chance(0.3) ? c.r.int(100_000, 9_000_000) : null),
    RegistryKey: (c) => (c.actionType === 'ServiceInstalled' ? 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services' : null),
    RegistryValueName: () => null,
    RegistryValueData: () => null,
    FileOriginUrl: () => null,
    FileOriginIP: () => null,
  },
  DeviceInfo: {
    ClientVersion: (c) => `10.8760.${c.device.osBuild}.${c.r.pick(['3085', '3155', '3296'])}`,
    PublicIP: (c) => c.device.publicIp,
    OSArchitecture: () => '64-bit',
    OSPlatform: (c) => c.device.platform,
    OSBuild: (c) => c.device.osBuild,
    IsAzureADJoined: (c) => c.bool(c.device.kind === 'Workstation'),
    JoinType: (c) => (c.device.kind === 'Workstation' ? 'Hybrid Azure AD Join' : 'Domain Joined'),
    AadDeviceId: (c) => (c.device.kind === 'Workstation' ? c.device.aadDeviceId : null),
    LoggedOnUsers: (c) => JSON.stringify([{ UserName: c.device.user.name, DomainName: c.world.netbios.toUpperCase(), Sid: c.device.user.sid }]),
    RegistryDeviceTag: () => '',
    OSVersion: () => '10.0',
    OnboardingStatus: () => 'Onboarded',
    AdditionalFields: (c) => JSON.stringify({ AssetValue: 'Normal', MachineGroup: c.device.machineGroup, IsMdeManaged: true }),
    DeviceCategory: () => 'Endpoint',
    DeviceType: (c) => (c.device.kind === 'Workstation' ? 'Workstation' : 'Server'),
    DeviceSubtype: () => '',
    Model: (c) => c.device.model,
    Vendor: (c) => c.device.vendor,
    OSDistribution: (c) => c.device.platform,
    OSVersionInfo: (c) => c.device.osVersionInfo,
    MergedDeviceIds: () => '',
    MergedToDeviceId: () => '',
    IsInternetFacing: (c) => c.bool(c.device.kind !== 'Workstation' && c.r.chance(0.2)),
    SensorHealthState: (c) => (c.r.chance(0.95) ? 'Active' : 'Inactive'),
    IsExcluded: (c) => c.bool(false),
    ExclusionReason: () => '',
    ExposureLevel: (c) => c.r.pick(['Low', 'Medium', 'Medium', 'High']),
    AssetValue: (c) => (c.device.kind === 'DomainController' ? 'High' : 'Normal'),
    DeviceManualTags: (c) => (c.device.kind === 'Workstation' ? '[]' : '["Production"]'),
    DeviceDynamicTags: () => '[]',
    ConnectivityType: () => 'Standard',
    HostDeviceId: () => '',
    AzureResourceId: () => '',
    AwsResourceName: () => '',
    GcpFullResourceName: () => '',
    HardwareUuid: (c) => c.device.aadDeviceId.toUpperCase(),
    CloudPlatforms: () => '',
    AzureVmId: () => '',
    AzureVmSubscriptionId: () => '',
    IsTransient: (c) => c.bool(false),
    OsBuildRevision: (c) => c.r.pick(['3085', '3155', '3296']),
    MitigationStatus: () => '',
    Site: () => '',
    DiscoverySources: () => '["MDE"]',
    DeviceRoles: (c) => (c.device.kind === 'DomainController' ? '["DomainController"]' : '[]'),
    DlpInfo: () => '',
  },
  DeviceNetworkInfo: {
    NetworkAdapterName: (c) => (c.device.model.startsWith('Latitude') || c.device.model.startsWith('ThinkPad') ? 'Wi-Fi' : 'Ethernet'),
    MacAddress: (c) => c.device.mac,
    NetworkAdapterType: (c) => (c.device.model.startsWith('Latitude') || c.device.model.startsWith('ThinkPad') ? 'Wireless80211' : 'Ethernet'),
    NetworkAdapterStatus: () => 'Up',
    TunnelType: () => 'None',
    ConnectedNetworks: (c) => JSON.stringify([{ Name: c.world.adDomain, Description: c.world.adDomain, IsConnectedToInternet: true, Category: 'Domain' }]),
    DnsAddresses: (c) => JSON.stringify(c.world.domainControllers.map((d) => d.ip)),
    IPv4Dhcp: (c) => (c.device.kind === 'Workstation' ? c.world.domainControllers[0]!.ip : null),
    IPv6Dhcp: () => null,
    DefaultGateways: (c) => JSON.stringify([c.device.gateway]),
    IPAddresses: (c) => JSON.stringify([{ IPAddress: c.device.ip, SubnetPrefix: 24, AddressType: 'Private' }, { IPAddress: c.device.ipv6Global, SubnetPrefix: 64, AddressType: 'Global' }, { IPAddress: c.device.ipv6, SubnetPrefix: 64, AddressType: 'LinkLocal' }]),
    NetworkAdapterVendor: (c) => c.r.pick(['Intel Corporation', 'Realtek', 'Microsoft']),
    OnboardingStatus: () => 'Onboarded',
    NetworkAdapterDnsSuffix: (c) => c.world.adDomain,
  },
  DeviceFileCertificateInfo: {
    SHA1: (c) => c.initiating.hashes.sha1,
    IsSigned: (c) => c.bool(c.initiating.binary.signer !== 'Unknown'),
    SignatureType: (c) => c.r.pick(['Embedded', 'Catalog']),
    Signer: (c) => (c.initiating.binary.company ?? 'Unknown Publisher'),
    SignerHash: (c) => c.r.hex(40),
    Issuer: (c) => (c.initiating.binary.company === 'Microsoft Corporation' ? 'Microsoft Windows Production PCA 2011' : 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1'),
    IssuerHash: (c) => c.r.hex(40),
    CertificateSerialNumber: (c) => c.r.hex(38),
    CrlDistributionPointUrls: () => JSON.stringify(['http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl']),
    CertificateCreationTime: (c) => c.time(c.eventMs - 400 * 86_400_000),
    CertificateExpirationTime: (c) => c.time(c.eventMs + 300 * 86_400_000),
    CertificateCountersignatureTime: (c) => c.time(c.eventMs - 100 * 86_400_000),
    IsTrusted: (c) => c.bool(true),
    IsRootSignerMicrosoft: (c) => c.bool(c.initiating.binary.company === 'Microsoft Corporation'),
  },
  AlertInfo: {
    AlertId: (c) => `da${c.r.digits(18)}_${-c.r.int(1, 2_147_483_647)}`,
    Title: (c) => alertOf(c)[0],
    Category: (c) => alertOf(c)[1],
    Severity: (c) => c.r.pick(['Informational', 'Low', 'Medium', 'Medium', 'High']),
    ServiceSource: (c) => alertOf(c)[3],
    DetectionSource: (c) => alertOf(c)[4],
    AttackTechniques: (c) => alertOf(c)[2],
  },
  EmailEvents: {
    SenderIPv4: (c) => (c.message.sender[2] === c.world.mailDomain ? null : c.world.attackerIp),
    SenderIPv6: (c) => (c.r.chance(0.1) ? `2a01:111:f403:${c.r.hex(4)}::${c.r.hex(3)}` : null),
    EmailClusterId: (c) => c.r.int(1_000_000_000, 4_000_000_000),
    DeliveryAction: (c) => c.r.pick(['Delivered', 'Delivered', 'Delivered', 'Junked', 'Blocked']),
    DeliveryLocation: (c) => c.r.pick(['Inbox/folder', 'Inbox/folder', 'Junk folder', 'Quarantine']),
    ConfidenceLevel: (c) => JSON.stringify(c.r.chance(0.8) ? { Spam: 1 } : { Phish: 'High' }),
    BulkComplaintLevel: (c) => c.r.int(0, 7),
    EmailAction: () => null,
    EmailActionPolicy: () => null,
    EmailActionPolicyGuid: () => null,
    AuthenticationDetails: (c) => JSON.stringify({ SPF: 'pass', DKIM: c.r.pick(['pass', 'none']), DMARC: c.r.pick(['pass', 'pass', 'fail']), CompAuth: 'pass' }),
    AttachmentCount: (c) => c.r.int(0, 3),
    UrlCount: (c) => c.r.int(0, 6),
    EmailLanguage: (c) => c.r.pick(['en', 'en', 'de', 'fr', 'es']),
    Connectors: () => null,
    OrgLevelAction: () => null,
    OrgLevelPolicy: () => null,
    UserLevelAction: () => null,
    UserLevelPolicy: () => null,
    AdditionalFields: () => '{}',
    To: (c) => c.message.recipient.upn,
    Cc: () => null,
    RecipientDomain: (c) => c.world.mailDomain,
    EmailSize: (c) => c.r.int(4_000, 3_000_000),
    IsFirstContact: (c) => (c.r.chance(0.2) ? 1 : 0),
  },
  EmailPostDeliveryEvents: {
    Action: (c) => (c.actionType.includes('ZAP') ? 'Moved to quarantine' : c.actionType === 'Redelivery' ? 'Moved to inbox' : 'Soft delete'),
    ActionTrigger: (c) => (c.actionType.includes('ZAP') ? 'SpecialAction' : 'AdminAction'),
    ActionResult: (c) => (c.r.chance(0.95) ? 'Success' : 'Error'),
    DeliveryLocation: (c) => c.r.pick(['Quarantine', 'Junk folder', 'Deleted items', 'Inbox/folder']),
    SourceLocation: () => 'Inbox/folder',
  },
  EmailAttachmentInfo: {
    FileType: (c) => c.file.name.split('.').pop() ?? 'unknown',
    SHA256: (c) => c.file.hashes.sha256,
  },
  EmailUrlInfo: {
    Url: (c) => `https://${c.r.pick(REMOTE_HOSTS)}/${c.r.pick(['login', 'invoice/88213', 'track?id=' + c.r.hex(8), ''])}`,
    UrlDomain: (c) => c.r.pick(REMOTE_HOSTS),
    UrlLocation: (c) => c.r.pick(['Body', 'Body', 'Attachment', 'Subject']),
    UrlChainId: () => null,
    UrlChainPosition: () => null,
  },
  UrlClickEvents: {
    AccountUpn: (c) => c.message.recipient.upn,
    Url: (c) => `https://${c.r.pick(REMOTE_HOSTS)}/${c.r.pick(['login', 'invoice/88213', 'doc/' + c.r.hex(8)])}`,
    Workload: (c) => c.r.pick(['Email', 'Email', 'Teams', 'Office']),
    IsClickedThrough: (c) => c.bool(c.r.chance(0.2)),
    UrlChain: (c) => JSON.stringify([`https://${c.r.pick(REMOTE_HOSTS)}/`]),
    AppName: (c) => c.r.pick(['Outlook', 'Teams', 'Word']),
    AppVersion: (c) => c.r.pick(['16.0.17328.20184', '1.7.00.6058']),
    SourceId: () => '',
    TenantId: (c) => c.world.tenantId,
    Type: () => 'UrlClickEvents',
    SourceSystem: () => '',
    TimeGenerated: (c) => c.time(c.eventMs + 60_000),
  },
  IdentityLogonEvents: {
    LogonType: (c) => (c.actionType === 'LogonFailed' ? 'Failed logon' : c.r.pick(['Resource access', 'Credentials validation', 'Logon'])),
    FailureReason: (c) => (c.actionType === 'LogonFailed' ? c.r.pick(['WrongPassword', 'AccountLocked', 'UnknownUser']) : null),
    DeviceType: (c) => (c.r.chance(0.3) ? 'Desktop' : null),
    OSPlatform: (c) => (c.r.chance(0.3) ? 'Windows' : null),
    AdditionalFields: (c) => c.dynamic({ Count: '1', SourceComputerOperatingSystemType: 'windows', DestinationComputerOperatingSystem: 'windows server 2022 datacenter', Spns: c.actionType === 'LogonSuccess' ? `HTTP/${c.r.pick(c.world.devices).fqdn}` : undefined }),
  },
  IdentityQueryEvents: {
    QueryType: (c) => c.r.pick(['AllUsers', 'AllGroups', 'PrivilegedGroups', 'A', 'Srv']),
    QueryTarget: (c) => c.r.pick(['Domain Admins', 'Enterprise Admins', c.world.adDomain, 'krbtgt']),
    Query: (c) => c.r.pick(['(&(objectCategory=group)(cn=Domain Admins))', '(objectClass=user)', `_ldap._tcp.dc._msdcs.${c.world.adDomain}`]),
    AdditionalFields: (c) => c.dynamic({ Count: String(c.r.int(1, 40)), SourceComputerOperatingSystemType: 'windows' }),
  },
  IdentityDirectoryEvents: {
    AdditionalFields: (c) => c.dynamic({ 'TARGET_OBJECT.USER': c.r.pick(c.world.users).name, 'FROM.GROUP': null, 'TO.GROUP': c.actionType.startsWith('Group') ? c.r.pick(['Domain Admins', 'VPN Users', 'Finance']) : null, AttributeName: c.actionType }),
  },
  CloudAppEvents: {
    Application: (c) => cloudApp(c)[0],
    ApplicationId: (c) => cloudApp(c)[1],
    AppInstanceId: () => 0,
    AccountId: (c) => c.account.objectId,
    IsAdminOperation: (c) => c.bool(c.r.chance(0.05)),
    DeviceType: (c) => c.r.pick(['Desktop', 'Desktop', 'Mobile', '']),
    OSPlatform: (c) => c.r.pick(['Windows 10', 'Windows 11', 'iOS', 'macOS', '']),
    IsAnonymousProxy: (c) => c.bool(false),
    CountryCode: (c) => c.account.city[1],
    City: (c) => c.text(c.account.city[0]),
    Isp: (c) => c.r.pick(['Microsoft Corporation', 'Deutsche Telekom AG', 'Comcast Cable']),
    UserAgent: (c) => c.r.pick(USER_AGENTS),
    ActivityType: (c) => c.r.pick(['Read', 'Edit', 'Download', 'Upload', 'Login', 'Send']),
    ActivityObjects: (c) => c.dynamic([{ Type: 'File', Role: 'Target object', Name: c.file.name, Id: `https://${c.world.org}.sharepoint.com/sites/Finance/Shared Documents/${c.file.name}` }, { Type: 'User', Role: 'Actor', Name: c.account.displayName, Id: c.account.objectId }]),
    ObjectName: (c) => c.file.name,
    ObjectType: () => 'File',
    ObjectId: (c) => `https://${c.world.org}.sharepoint.com/sites/Finance/Shared Documents/${c.file.name}`,
    AccountType: (c) => (c.r.chance(0.05) ? 'Admin' : 'Regular'),
    IsExternalUser: (c) => c.bool(false),
    IsImpersonated: (c) => c.bool(false),
    IPTags: (c) => c.dynamic(c.r.chance(0.2) ? ['Corporate'] : []),
    IPCategory: (c) => c.r.pick(['Corporate', '', 'Hosting']),
    UserAgentTags: (c) => c.dynamic([]),
    RawEventData: (c) => c.dynamic({ CreationTime: isoTime7(c.eventMs, 0).slice(0, 19), Id: c.r.guid(), Operation: c.actionType, OrganizationId: c.world.tenantId, RecordType: 6, UserKey: c.account.objectId, UserType: 0, Workload: cloudApp(c)[2], ClientIP: c.device.publicIp, ObjectId: c.file.name, UserId: c.account.upn, SourceFileExtension: c.file.name.split('.').pop(), SourceRelativeUrl: 'Shared Documents' }),
    AdditionalFields: (c) => c.dynamic({}),
    LastSeenForUser: (c) => c.dynamic({ ActionType: c.r.int(0, 30), ISP: c.r.int(0, 30) }),
    UncommonForUser: (c) => c.dynamic([]),
    AuditSource: (c) => c.r.pick(['Defender for Cloud Apps access control', '']),
    SessionData: (c) => c.dynamic({}),
    OAuthAppId: () => '',
  },
  IdentityInfo: {
    CriticalityLevel: (c) => c.r.int(0, 4),
    Type: () => 'User',
    DistinguishedName: (c) => `CN=${c.account.displayName},OU=Users,DC=corp,DC=${c.world.org},DC=com`,
    OnPremSid: (c) => c.account.sid,
    CloudSid: (c) => `S-1-12-1-${c.r.uint32()}-${c.r.uint32()}`,
    GivenName: (c) => c.account.givenName,
    Surname: (c) => c.account.surname,
    Department: (c) => c.account.department,
    JobTitle: (c) => c.account.jobTitle,
    EmailAddress: (c) => c.account.upn,
    SipProxyAddress: (c) => `sip:${c.account.upn}`,
    Address: () => null,
    City: (c) => c.account.city[0],
    Country: (c) => c.account.city[2],
    IsAccountEnabled: (c) => c.bool(true),
    Manager: (c) => c.r.pick(c.world.users).displayName,
    Phone: (c) => `+1 425 555 0${c.r.int(100, 199)}`,
    ChangeSource: () => 'Sync',
    BlastRadius: (c) => c.r.pick(['Low', 'Medium', 'High']),
    CompanyName: (c) => c.world.org,
    DeletedDateTime: () => null,
    EmployeeId: (c) => String(c.r.int(10000, 99999)),
    OtherMailAddresses: (c) => c.dynamic([]),
    RiskLevel: () => '',
    RiskLevelDetails: () => '',
    State: () => '',
    Tags: (c) => c.dynamic([]),
    AssignedRoles: (c) => c.dynamic(c.r.chance(0.1) ? ['Global Reader'] : []),
    PrivilegedEntraPimRoles: (c) => c.dynamic([]),
    TenantId: (c) => c.world.tenantId,
    SourceSystem: () => 'AzureActiveDirectory',
    OnPremObjectId: (c) => c.r.guid(),
    TenantMembershipType: () => 'Member',
    RiskStatus: () => '',
    UserAccountControl: () => '["NormalAccount","DontExpirePassword"]',
    IdentityEnvironment: () => 'Hybrid',
    SourceProviders: (c) => c.dynamic(['AzureActiveDirectory', 'ActiveDirectory']),
    GroupMembership: (c) => c.dynamic(['Domain Users', `${c.account.department ?? 'All'} Team`]),
  },
};

const fileEvent = (c: RowContext): boolean => /Antivirus|Asr|ExploitGuard|ControlledFolder|AppControl|SmartScreenApp|ShellLink|DriverLoad|ClrUnbacked|ServiceInstalled|Tampering/.test(c.actionType);
const processEvent = (c: RowContext): boolean => /ProcessApiCall|RemoteThread|ProcessMemory|VirtualMemory|WmiQuery|PrimaryToken|OpenProcess/.test(c.actionType);

function registryOf(c: RowContext): (typeof REGISTRY_KEYS)[number] {
  return REGISTRY_KEYS[c.rowKey % REGISTRY_KEYS.length]!;
}

function cloudApp(c: RowContext): readonly [string, number, string] {
  const a = c.actionType;
  if (a.startsWith('Mail') || a === 'Send' || a.includes('InboxRule') || a.includes('Mailbox')) return ['Microsoft Exchange Online', 20893, 'Exchange'];
  if (a === 'MessageSent' || a === 'ChatRetrieved') return ['Microsoft Teams', 11394, 'MicrosoftTeams'];
  if (a.endsWith('.')) return ['Microsoft Azure', 12260, 'AzureActiveDirectory'];
  if (a.startsWith('UserLog')) return ['Microsoft 365', 11161, 'AzureActiveDirectory'];
  return c.rowKey % 3 === 0 ? ['Microsoft OneDrive for Business', 15600, 'OneDrive'] : ['Microsoft SharePoint Online', 20892, 'SharePoint'];
}

/** AlertEvidence/BehaviorEntities: the entity kind decides which columns are filled. */
const ENTITY_TYPES = ['Process', 'File', 'Machine', 'User', 'Ip', 'Url', 'MailMessage', 'CloudApplication', 'RegistryValue'] as const;

function evidenceColumns(): Record<string, ColumnValue> {
  const entity = (c: RowContext): string => ENTITY_TYPES[c.rowKey % ENTITY_TYPES.length]!;
  const when = (kinds: readonly string[], f: ColumnValue): ColumnValue => (c) => (kinds.includes(entity(c)) ? f(c) : null);
  const alert = (c: RowContext) => ALERT_TITLES[(c.rowKey >>> 8) % ALERT_TITLES.length]!;
  return {
    // A few evidence rows share one alert: the id comes from the row key's high bits.
    AlertId: (c) => `da6387741${String((c.rowKey >>> 20) * 104_729).padStart(9, '0')}_-${(c.rowKey >>> 20) * 7919 + 1_000_000}`,
    BehaviorId: (c) => `ba6387741${String((c.rowKey >>> 20) * 104_729).padStart(9, '0')}_${(c.rowKey >>> 20) * 7919 + 1_000_000}`,
    Title: (c) => alert(c)[0],
    Categories: (c) => JSON.stringify([alert(c)[1]]),
    AttackTechniques: (c) => alert(c)[2],
    ServiceSource: (c) => alert(c)[3],
    DetectionSource: (c) => alert(c)[4],
    DataSources: () => JSON.stringify(['Microsoft Defender for Endpoint']),
    EntityType: entity,
    EvidenceRole: (c) => (entity(c) === 'Machine' || entity(c) === 'User' ? 'Impacted' : 'Related'),
    EntityRole: (c) => (entity(c) === 'Machine' || entity(c) === 'User' ? 'Impacted' : 'Related'),
    DetailedEntityRole: () => '',
    EvidenceDirection: (c) => (entity(c) === 'Ip' ? 'Destination' : null),
    FileName: when(['Process', 'File'], (c) => c.initiating.binary.name),
    FolderPath: when(['Process', 'File'], (c) => c.initiating.path),
    SHA1: when(['Process', 'File'], (c) => c.initiating.hashes.sha1),
    SHA256: when(['Process', 'File'], (c) => c.initiating.hashes.sha256),
    FileSize: when(['Process', 'File'], (c) => c.initiating.binary.size),
    ThreatFamily: when(['File'], (c) => c.r.pick(['Wacatac', 'Mimikatz', ''])),
    RemoteIP: when(['Ip'], (c) => c.world.attackerIp),
    RemoteUrl: when(['Url'], () => 'malicious-updates.example.com'),
    AccountName: when(['User', 'Process'], (c) => c.device.user.name),
    AccountDomain: when(['User', 'Process'], (c) => c.world.netbios),
    AccountSid: when(['User', 'Process'], (c) => c.device.user.sid),
    AccountObjectId: when(['User', 'Process'], (c) => c.device.user.objectId),
    AccountUpn: when(['User', 'Process'], (c) => c.device.user.upn),
    DeviceId: when(['Machine', 'Process', 'File'], (c) => c.device.id),
    DeviceName: when(['Machine', 'Process', 'File'], (c) => c.device.fqdn),
    LocalIP: when(['Machine'], (c) => c.device.ip),
    NetworkMessageId: when(['MailMessage'], (c) => c.message.id),
    EmailSubject: when(['MailMessage'], (c) => c.message.subject),
    EmailClusterId: when(['MailMessage'], (c) => String(c.r.int(1_000_000_000, 4_000_000_000))),
    Application: when(['CloudApplication'], () => 'Microsoft Exchange Online'),
    ApplicationId: when(['CloudApplication'], () => 20893),
    OAuthApplicationId: when(['CloudApplication'], (c) => c.r.guid()),
    ProcessCommandLine: when(['Process'], (c) => c.initiating.commandLine),
    RegistryKey: when(['RegistryValue'], (c) => c.fill(REGISTRY_KEYS[1][0], c.device.user)),
    RegistryValueName: when(['RegistryValue'], () => REGISTRY_KEYS[1][1]),
    RegistryValueData: when(['RegistryValue'], (c) => c.fill(REGISTRY_KEYS[1][3], c.device.user)),
    AdditionalFields: (c) => JSON.stringify(entity(c) === 'Process'
      ? { ProcessId: c.initiating.pid, CreationTimeUtc: isoTime7(c.initiating.creationMs, 0), Type: 'process' }
      : entity(c) === 'Machine' ? { HostName: c.device.shortName, DnsDomain: c.world.adDomain, OSFamily: 'Windows', RiskScore: 'Medium', Type: 'host' }
      : { Type: entity(c).toLowerCase() }),
    Severity: (c) => c.r.pick(['Low', 'Medium', 'High']),
    CloudResource: () => null,
    CloudPlatform: () => null,
    ResourceType: () => null,
    ResourceID: () => null,
    SubscriptionId: () => null,
    Description: (c) => `${alert(c)[0]} observed for ${c.device.user.upn}`,
    StartTime: (c) => c.time(c.eventMs - 1_800_000),
    EndTime: (c) => c.time(c.eventMs),
  };
}
TABLE_COLUMNS.AlertEvidence = evidenceColumns();
TABLE_COLUMNS.BehaviorEntities = evidenceColumns();
TABLE_COLUMNS.BehaviorInfo = evidenceColumns();

/** Fallback by declared type, so every column of every table gets a plausible value. */
function byType(type: string): ColumnValue {
  switch (type) {
    case 'datetime': return (c) => c.time(c.eventMs);
    case 'bool': return (c) => c.bool(false);
    case 'int':
    case 'long': return () => null;
    case 'dynamic': return (c) => c.dynamic({});
    default: return () => null;
  }
}

/** The value function of one column of a table; resolved once per table, called once per row. */
export function columnValue(table: string, name: string, type: string): ColumnValue {
  if (name === 'AdditionalFields' && table.startsWith('Device') && table !== 'DeviceInfo') return deviceAdditionalFields;
  return tableColumn(table, name) ?? commonColumn(name, type, table) ?? byType(type);
}
