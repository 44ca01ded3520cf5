import type { GlobalThemeOverrides } from 'naive-ui'

export const FONT_FAMILY =
  "'Fieldbook CJK', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

export const themeOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily: FONT_FAMILY,
    primaryColor: '#1f6feb',
    primaryColorHover: '#3d83f0',
    primaryColorPressed: '#1859c4',
    primaryColorSuppl: '#3d83f0',
    borderRadius: '6px',
    bodyColor: '#f5f7fa',
  },
  Layout: {
    color: '#f5f7fa',
    headerColor: '#ffffff',
    siderColor: '#ffffff',
  },
  Menu: {
    itemHeight: '42px',
    borderRadius: '6px',
  },
  Card: {
    borderRadius: '10px',
  },
}
