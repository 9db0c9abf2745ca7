import qrcode from 'qrcode-generator';

interface Props {
  /** What the code encodes (a join link). */
  text: string;
  /** Shown to screen readers and as the tooltip. */
  label: string;
  size?: number;
}

/** A QR code drawn as SVG squares by React: the text is encoded, never inserted as markup. */
export function QrCode({ text, label, size = 320 }: Props) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  // A quiet zone of four modules around the code, as scanners expect.
  const quiet = 4;
  const cells: string[] = [];
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.isDark(row, col)) cells.push(`M${col + quiet} ${row + quiet}h1v1h-1z`);
    }
  }
  const extent = count + quiet * 2;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-testid="join-qr"
      data-text={text}
      width={size}
      height={size}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
    >
      <title>{label}</title>
      <rect width={extent} height={extent} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
}
