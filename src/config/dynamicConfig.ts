// A `dynamicConfigFile` (zoo.cfg.dynamic.<hexversion>): only server/group/weight lines, version from the file name.
// Pure; the shell reads the file. Mirrors QuorumPeerConfig.parse's handling of the dynamic file in 3.8.
import { ConfigErrorCode, configError, inFile } from './configErrors.js';
import { JavaNumberFormatError, javaTrim, parseJavaLong } from './javaNumbers.js';
import { configLimits } from './limits.js';
import { javaPropertiesMap, parseProperties } from './parseProperties.js';

export interface DynamicConfigSource {
  readonly path: string;
  /** File contents, or undefined when the file does not exist. */
  readonly text: string | undefined;
}

/** Hex suffix after the last dot, normalised as Long.toHexString would; undefined when there is none. */
export function versionFromFilename(path: string): string | undefined {
  const suffix = path.slice(path.lastIndexOf('.') + 1);
  if (path.lastIndexOf('.') < 0) return undefined;
  try {
    return BigInt.asUintN(64, parseJavaLong(suffix, 16)).toString(16);
  } catch (error) {
    if (error instanceof JavaNumberFormatError) return undefined;
    throw error;
  }
}

/** The dynamic file's properties with `version` added from its name, ready for parseQuorumView. */
export function dynamicConfigProperties(source: DynamicConfigSource): Map<string, string> {
  try {
    if (source.text === undefined) {
      throw configError(ConfigErrorCode.missing, `${source.path} (No such file or directory)`);
    }
    if (source.text.length > configLimits.configBytesMax) {
      throw configError(ConfigErrorCode.tooLarge, `config is larger than ${configLimits.configBytesMax} bytes`);
    }
    const properties = javaPropertiesMap(parseProperties(source.text));
    if (properties.has('version')) throw configError(ConfigErrorCode.badValue, "dynamic file shouldn't have version inside");
    for (const key of properties.keys()) {
      const trimmed = javaTrim(key);
      if (!/^(group|weight|server\.)/.test(trimmed)) {
        throw configError(ConfigErrorCode.badValue, `Unrecognised parameter: ${trimmed}`);
      }
    }
    const version = versionFromFilename(source.path);
    if (version !== undefined) properties.set('version', version);
    return properties;
  } catch (error) {
    throw inFile(source.path, error);
  }
}
