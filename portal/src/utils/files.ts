/** Files in and out of the browser: downloads of text or base64 content, uploads read as text or base64. */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Bytes of base64 text (whitespace ignored). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/\s+/g, ''))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** base64 of bytes, in chunks (a long file would overflow the arguments of one call). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  }
  return btoa(binary)
}

/** Let the browser save a blob under a file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Save an .xlsx file the server sent as base64. */
export function downloadBase64(base64: string, filename: string, type = XLSX_TYPE): void {
  saveBlob(new Blob([base64ToBytes(base64)], { type }), filename)
}

/** Save text (YAML, JSON) as a UTF-8 file. */
export function downloadText(text: string, filename: string, type = 'text/plain;charset=utf-8'): void {
  saveBlob(new Blob([text], { type }), filename)
}

/** A file the user picked, as text. */
export function readFileText(file: Blob): Promise<string> {
  return file.text()
}

/** A file the user picked, as base64 (for .xlsx uploads). */
export async function readFileBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()))
}
