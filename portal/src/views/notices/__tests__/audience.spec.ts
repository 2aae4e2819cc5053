import { describe, expect, it } from 'vitest'
import type { Notice } from '@/api/notices'
import { audienceNames, emptyForm, fileSize, formOf, hasAudience, isBlankHtml, toInput, unreadFirst } from '../audience'

const NOTICE: Notice = {
  id: 'Tm90aWNlOjE=',
  title: '关于报送第一季度工作进度的通知',
  bodyHtml: '<p>请各单位于4月10日前报送。</p>',
  status: 'PUBLISHED',
  pinned: true,
  expiresAt: '2015-05-01T00:00:00+00:00',
  publishedAt: '2015-04-01T00:00:00+00:00',
  createdAt: '2015-04-01T00:00:00+00:00',
  updatedAt: '2015-04-01T00:00:00+00:00',
  authorName: '考评办 王主任',
  readAt: null,
  readCount: 1,
  audienceCount: 2,
  audience: {
    everyone: false,
    roles: [{ code: 'unit_reporter', name: '填报员' }],
    users: [],
    units: [{ unitId: 'VW5pdDox', name: '良田镇' }],
  },
  attachments: [{ id: 'QTox', fileName: '进度表.xlsx', contentType: 'x', sizeBytes: 2048, downloadUrl: '/files/notices/QTox' }],
}

describe('the notice form', () => {
  it('starts as a notice to everyone', () => {
    const form = emptyForm()
    expect(hasAudience(form)).toBe(true)
    expect(toInput({ ...form, title: ' 标题 ', bodyHtml: '<p>x</p>' })).toEqual({
      title: '标题',
      bodyHtml: '<p>x</p>',
      audience: { everyone: true, roleCodes: [], unitIds: [], userIds: [] },
      pinned: false,
      expiresAt: null,
      attachmentIds: [],
    })
  })

  it('round-trips a notice: roles, units, attachments and expiry', () => {
    const input = toInput(formOf(NOTICE))
    expect(input.audience).toEqual({ everyone: false, roleCodes: ['unit_reporter'], unitIds: ['VW5pdDox'], userIds: [] })
    expect(input.attachmentIds).toEqual(['QTox'])
    expect(input.expiresAt).toBe('2015-05-01T00:00:00.000Z')
    expect(input.pinned).toBe(true)
  })

  it('wants somebody in a chosen audience, and text in the body', () => {
    expect(hasAudience({ ...emptyForm(), everyone: false })).toBe(false)
    expect(isBlankHtml('<p><br></p>')).toBe(true)
    expect(isBlankHtml('<p>&nbsp;</p>')).toBe(true)
    expect(isBlankHtml('<p>请报送</p>')).toBe(false)
  })
})

describe('showing notices', () => {
  it('names the audience, or none when it is everyone', () => {
    expect(audienceNames(NOTICE, (code, name) => name ?? code)).toEqual(['填报员', '良田镇'])
    expect(audienceNames({ ...NOTICE, audience: { ...NOTICE.audience, everyone: true } }, (c) => c)).toBeNull()
  })

  it('puts unread notices first, keeping the order within each', () => {
    const list = [
      { id: 'a', readAt: '2015-04-02' },
      { id: 'b', readAt: null },
      { id: 'c', readAt: null },
    ]
    expect(unreadFirst(list).map((n) => n.id)).toEqual(['b', 'c', 'a'])
  })

  it('writes file sizes people read', () => {
    expect(fileSize(980)).toBe('980 B')
    expect(fileSize(2048)).toBe('2.0 KB')
    expect(fileSize(5 * 1024 * 1024)).toBe('5.0 MB')
  })
})
