import type { TranscriptFormat } from '@parley/contracts';
import { request } from '../api/api-client';

/** Fetches the transcript with the teacher's token and hands it to the browser as a file download. */
export async function downloadTranscript(
  classroomId: string,
  token: string,
  format: TranscriptFormat,
  title: string,
): Promise<void> {
  const res = await request(
    `/api/classrooms/${encodeURIComponent(classroomId)}/transcript?format=${format}&tz=${encodeURIComponent(readerZone())}`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${slug(title) || 'classroom'}-transcript.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** The browser's time zone, so the transcript shows the times the teacher saw in class. */
function readerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
