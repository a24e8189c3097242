import QRCode from "qrcode";

/** The otpauth URI as a PNG data URL, rendered on the server (no third-party QR service sees the secret). */
export function qrDataUrl(otpauth: string): Promise<string> {
  return QRCode.toDataURL(otpauth, { errorCorrectionLevel: "M", margin: 2, width: 240 });
}
