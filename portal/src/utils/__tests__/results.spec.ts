import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/locales'
import {
  flagLabel,
  flagTags,
  flagTagType,
  FLAGS,
  gradeChange,
  gradeText,
  groupByIndicator,
  periodLabel,
  type Translator,
} from '../results'

function translator(locale: 'zh-CN' | 'en' = 'zh-CN'): Translator {
  const { t, te } = createAppI18n(locale).global
  return { t: (key, named) => (named ? t(key, named) : t(key)), te: (key) => te(key) }
}

describe('flags', () => {
  it('has Chinese words for every flag the engine sets', () => {
    const zh = translator()
    expect(FLAGS.map((flag) => flagLabel(flag, zh))).toEqual([
      '约束性指标未完成',
      '重点项目后位',
      '取消评优',
      '负责人不得评先',
      '公开说明',
      '不发绩效奖',
      '问责',
      '诫勉谈话',
      '组织处理',
    ])
  })

  it('speaks English too, and falls back to the server’s label, then the code', () => {
    expect(flagLabel('no_award', translator('en'))).toBe('Not eligible for awards')
    expect(flagLabel('new_flag', translator(), '新标记')).toBe('新标记')
    expect(flagLabel('new_flag', translator())).toBe('new_flag')
  })

  it('colours the serious ones red', () => {
    expect(flagTagType('binding_failed')).toBe('danger')
    expect(flagTagType('accountability')).toBe('danger')
    expect(flagTagType('no_award')).toBe('warning')
    expect(flagTagType('public_explanation')).toBe('info')
    expect(flagTagType('unknown')).toBe('info')
    expect(flagTags(['binding_failed', 'no_award'], translator())).toEqual([
      { flag: 'binding_failed', label: '约束性指标未完成', type: 'danger' },
      { flag: 'no_award', label: '取消评优', type: 'warning' },
    ])
  })
})

describe('grades', () => {
  const zh = translator()

  it('shows a kept grade once and a changed one as base → grade', () => {
    expect(gradeChange('一等奖', '一等奖')).toEqual({ kind: 'same', base: '一等奖', grade: '一等奖' })
    expect(gradeText(gradeChange('一等奖', '一等奖'), zh)).toBe('一等奖')
    const changed = gradeChange('二等奖', '无')
    expect(changed.kind).toBe('changed')
    expect(gradeText(changed, zh)).toBe('二等奖 → 无')
  })

  it('has words for no grade (quarterly results, or no_award without a non-award grade)', () => {
    expect(gradeChange(null, null).kind).toBe('none')
    expect(gradeText(gradeChange(null, undefined), zh)).toBe('未评等次')
    expect(gradeText(gradeChange('优秀', null), zh)).toBe('优秀 → 未评等次')
  })

  it('names the periods', () => {
    expect(periodLabel('ANNUAL', zh)).toBe('全年')
    expect(periodLabel('annual', zh)).toBe('全年')
    expect(periodLabel('Q3', zh)).toBe('第三季度')
    expect(periodLabel('Q3', translator('en'))).toBe('Q3')
  })
})

describe('the drill-down by indicator', () => {
  const line = (indicatorCode: string, period: string, available: string, score: string, status = 'scored') => ({
    indicatorCode,
    indicatorName: `指标${indicatorCode}`,
    period,
    available,
    score,
    status,
  })

  it('groups the periods of each indicator, sums them exactly and keeps the worst status', () => {
    const grouped = groupByIndicator([
      line('A1', 'Q4', '6.0', '4.7838'),
      line('A1', 'Q2', '6.0', '4.2222'),
      line('S2', 'Q2', '2.5', '0', 'binding_failed'),
      line('S2', 'Q4', '2.5', '0', 'missing'),
    ])
    expect(grouped.map((group) => group.indicatorCode)).toEqual(['A1', 'S2'])
    expect(grouped[0]).toMatchObject({ available: '12.0', score: '9.0060', status: 'scored' })
    expect(grouped[0]!.lines.map((l) => l.period)).toEqual(['Q2', 'Q4'])
    expect(grouped[1]!.status).toBe('binding_failed')
  })
})
