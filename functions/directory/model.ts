/**
 * Self-management models (mô hình tự quản: the programme a place runs; the province counts 264)
 * and the groups that work inside them (tổ tự quản: the province counts 4,131).
 */
export const MODEL_KINDS = [
  'drug_crime_free_zone', // Khu dân cư phòng, chống ma túy và tội phạm
  'crime_social_evil_free_zone', // Khu dân cư không có tội phạm và tệ nạn xã hội
  'youth_law_club', // Câu lạc bộ thanh niên với pháp luật
  'cultured_family_safe_group', // Gia đình văn hóa, tổ an toàn, khu phố bình yên
  'bright_clean_safe_zone', // Khu dân cư sáng, xanh, sạch, an toàn
  'security_order_team', // Tổ, đội tự quản an ninh trật tự
  'five_family_solidarity', // Tổ liên gia, nhóm 5 gia đình đoàn kết
  'suggestion_box', // Hòm thư góp ý
  'border_fishing_wharf', // Tự quản đường biên, mốc giới, ngư trường, bến bãi
  'apartment_building', // Tự quản nhà chung cư
  'market', // Tự quản chợ
  'industrial_zone', // Tự quản khu công nghiệp
  'school', // Trường học an toàn
  'enterprise', // Cơ quan, doanh nghiệp an toàn
  'other',
] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const DIRECTORY_STATUSES = ['active', 'paused', 'dissolved'] as const;
export type DirectoryStatus = (typeof DIRECTORY_STATUSES)[number];

export interface SelfManagementModel {
  id: string;
  name: string;
  kind: ModelKind;
  /** The place that runs it (a commune/ward, or a village for a local one). */
  area: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD: many models know only the year they began. */
  started?: string;
  status: DirectoryStatus;
}

export interface SelfManagementGroup {
  id: string;
  name: string;
  model: string;
  /** The village, hamlet or residential group it works in (or the model's own place). */
  area: string;
  /** The group head's name; their phone, if public, is a contact of the place. */
  leader: string;
  members: number;
  founded?: string;
  status: DirectoryStatus;
}
