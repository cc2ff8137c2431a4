/**
 * CloudAppEvents ActionTypes are the activity names of each cloud app's audit log: PowerShell cmdlets
 * (`New-InboxRule`), Entra audit sentences (`Add member to group.`) and CamelCase past tenses
 * (`MailItemsAccessed`, `FileDeleted`). The CRUD verb in them gives the activity shared by API
 * Activity and Web Resources Activity (1 Create, 2 Read, 3 Update, 4 Delete); anything else is 99.
 */
export const CRUD_CREATE = 1;
export const CRUD_READ = 2;
export const CRUD_UPDATE = 3;
export const CRUD_DELETE = 4;
export const CRUD_OTHER = 99;

const VERBS: Readonly<Record<string, number>> = {
  add: CRUD_CREATE, added: CRUD_CREATE, new: CRUD_CREATE, create: CRUD_CREATE, created: CRUD_CREATE,
  register: CRUD_CREATE, registered: CRUD_CREATE, upload: CRUD_CREATE, uploaded: CRUD_CREATE,
  get: CRUD_READ, read: CRUD_READ, view: CRUD_READ, viewed: CRUD_READ, access: CRUD_READ, accessed: CRUD_READ,
  search: CRUD_READ, searched: CRUD_READ, download: CRUD_READ, downloaded: CRUD_READ, list: CRUD_READ,
  preview: CRUD_READ, previewed: CRUD_READ, export: CRUD_READ, exported: CRUD_READ,
  set: CRUD_UPDATE, update: CRUD_UPDATE, updated: CRUD_UPDATE, modify: CRUD_UPDATE, modified: CRUD_UPDATE,
  change: CRUD_UPDATE, changed: CRUD_UPDATE, enable: CRUD_UPDATE, enabled: CRUD_UPDATE, disable: CRUD_UPDATE,
  disabled: CRUD_UPDATE, write: CRUD_UPDATE, edit: CRUD_UPDATE, edited: CRUD_UPDATE, rename: CRUD_UPDATE, renamed: CRUD_UPDATE,
  move: CRUD_UPDATE, moved: CRUD_UPDATE, restore: CRUD_UPDATE, restored: CRUD_UPDATE, reset: CRUD_UPDATE,
  remove: CRUD_DELETE, removed: CRUD_DELETE, delete: CRUD_DELETE, deleted: CRUD_DELETE, recycled: CRUD_DELETE,
  purge: CRUD_DELETE, purged: CRUD_DELETE,
};

/** The CRUD activity named by an ActionType's leading verb (cmdlet, sentence) or trailing past tense (CamelCase). */
export function crudActivityOf(actionType: string): number {
  const first = VERBS[firstWord(actionType).toLowerCase()];
  if (first !== undefined) return first;
  return VERBS[lastCamelWord(actionType).toLowerCase()] ?? CRUD_OTHER;
}

/** `New-InboxRule` → `New`, `Add member to group.` → `Add`, `MailItemsAccessed` → `Mail`. */
function firstWord(text: string): string {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2d /* - */ || c === 0x20 /* space */ || c === 0x2e /* . */ || (c >= 0x41 && c <= 0x5a)) return text.slice(0, i);
  }
  return text;
}

/** `MailItemsAccessed` → `Accessed`; a text with spaces or dashes has no CamelCase tail. */
function lastCamelWord(text: string): string {
  for (let i = text.length - 1; i > 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x2d || c === 0x20) return '';
    if (c >= 0x41 && c <= 0x5a) return text.slice(i);
  }
  return text;
}

/** SharePoint / OneDrive file ActionTypes → File Hosting Activity (6006) activities. */
export const FILE_HOSTING_ACTIVITIES: Readonly<Record<string, number>> = {
  FileUploaded: 1, FileSyncUploadedFull: 1,
  FileDownloaded: 2, FileSyncDownloadedFull: 2,
  FileModified: 3, FileModifiedExtended: 3,
  FileDeleted: 4, FileRecycled: 4, FileDeletedFirstStageRecycleBin: 4, FileDeletedSecondStageRecycleBin: 4,
  FileRenamed: 5,
  FileCopied: 6,
  FileMoved: 7,
  FileRestored: 8,
  FilePreviewed: 9,
  FileCheckedOut: 10,
  FileCheckedIn: 11,
  SharingSet: 12, SharingInvitationCreated: 12, AnonymousLinkCreated: 12, CompanyLinkCreated: 12, SecureLinkCreated: 12,
  AddedToSecureLink: 12,
  SharingRevoked: 13, AnonymousLinkRemoved: 13, CompanyLinkRemoved: 13, SecureLinkDeleted: 13, RemovedFromSecureLink: 13,
  FileAccessed: 14, FileAccessedExtended: 14,
};

export const FILE_HOSTING_SHARE = 12;
export const WEB_RESOURCES_SHARE = 8;

/** Sign-in ActionTypes of the Microsoft 365 audit log → Authentication (3002) Logon, with their outcome. */
export const SIGN_IN_OUTCOMES: Readonly<Record<string, number>> = {
  UserLoggedIn: 1,
  UserLoginFailed: 2,
};
