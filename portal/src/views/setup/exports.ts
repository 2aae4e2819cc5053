/** Downloads of a scheme: interchange text (YAML, YAML with data, JSON) and the indicator sheet. */
import { exportScheme, fetchIndicatorWorkbook } from '@/api/schemes'
import { downloadBase64, downloadText } from '@/utils/files'

export const SCHEME_EXPORTS = ['yaml', 'yamlData', 'json', 'workbook'] as const
export type SchemeExport = (typeof SCHEME_EXPORTS)[number]

/** The file name of each export of a scheme. */
export function exportFilename(code: string, kind: SchemeExport): string {
  switch (kind) {
    case 'yaml':
      return `${code}.scheme.yaml`
    case 'yamlData':
      return `${code}.scheme-data.yaml`
    case 'json':
      return `${code}.scheme.json`
    case 'workbook':
      return `${code}.indicators.xlsx`
  }
}

export async function downloadSchemeExport(code: string, kind: SchemeExport): Promise<void> {
  const filename = exportFilename(code, kind)
  if (kind === 'workbook') {
    downloadBase64(await fetchIndicatorWorkbook(code), filename)
    return
  }
  const json = kind === 'json'
  const text = await exportScheme({ code, withData: kind === 'yamlData', format: json ? 'JSON' : 'YAML' })
  downloadText(text, filename, json ? 'application/json;charset=utf-8' : 'application/yaml;charset=utf-8')
}

/** The empty indicator sheet to fill in. */
export async function downloadIndicatorTemplate(filename: string): Promise<void> {
  downloadBase64(await fetchIndicatorWorkbook(null), filename)
}
