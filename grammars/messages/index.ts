import type { MessageCatalog } from "../../src/model/catalog.js";
import type { KnownLog } from "../../src/model/logs.js";
import { execmgrCatalog } from "./execmgr.js";
import { hinv32Catalog } from "./hinv32.js";
import { inventoryagentCatalog } from "./inventoryagent.js";
import { patchinstallCatalog } from "./patchinstall.js";
import { patchuimonitorCatalog } from "./patchuimonitor.js";
import { scanwrapperCatalog } from "./scanwrapper.js";
import { smsapm32Catalog } from "./smsapm32.js";
import { syncxmlCatalog } from "./syncxml.js";

export {
  execmgrCatalog,
  hinv32Catalog,
  inventoryagentCatalog,
  patchinstallCatalog,
  patchuimonitorCatalog,
  scanwrapperCatalog,
  smsapm32Catalog,
  syncxmlCatalog,
};

/** Every message catalog, one per file, sorted by file name. */
export const CATALOGS: MessageCatalog[] = [
  execmgrCatalog,
  hinv32Catalog,
  inventoryagentCatalog,
  patchinstallCatalog,
  patchuimonitorCatalog,
  scanwrapperCatalog,
  smsapm32Catalog,
  syncxmlCatalog,
];

// Written out so that a new KnownLog without a catalog fails to compile.
const BY_LOG: Record<KnownLog, MessageCatalog> = {
  SecuritySyncXML: syncxmlCatalog,
  OfficeSyncXML: syncxmlCatalog,
  ScanWrapper: scanwrapperCatalog,
  InventoryAgent: inventoryagentCatalog,
  Hinv32: hinv32Catalog,
  PatchInstall: patchinstallCatalog,
  PatchUIMonitor: patchuimonitorCatalog,
  execmgr: execmgrCatalog,
  Smsapm32: smsapm32Catalog,
};

/** The catalog that gives meaning to a log's messages. */
export function catalogFor(log: KnownLog): MessageCatalog {
  return BY_LOG[log];
}
